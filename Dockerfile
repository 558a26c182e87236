# icutwin server image. Build: docker build -t icutwin . (the Maven wrapper fetches Maven).
FROM eclipse-temurin:17-jdk AS build
WORKDIR /src
COPY . .
RUN ./mvnw -B -q -ntp install -DskipTests -pl twin-server -am

FROM eclipse-temurin:17-jre
RUN useradd --system --home /var/lib/icutwin icutwin && mkdir -p /var/lib/icutwin && chown icutwin /var/lib/icutwin
WORKDIR /opt/icutwin
COPY --from=build /src/twin-server/target/twin-server.jar /opt/icutwin/
COPY --from=build /src/twin-server/target/lib /opt/icutwin/lib
COPY config/drug-library.json /opt/icutwin/config/drug-library.json
USER icutwin
EXPOSE 8080 1883
# In a container the server listens on all interfaces; the compose file keeps ports on the host's loopback.
ENTRYPOINT ["java", "-Dmicronaut.server.host=0.0.0.0", "-jar", "/opt/icutwin/twin-server.jar", "--data-dir=/var/lib/icutwin"]
