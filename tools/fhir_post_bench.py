#!/usr/bin/env python3
"""Posts N FHIR R4 glucose Observations, one per request, to a running icutwin and reports the rate.

Usage: tools/fhir_post_bench.py BASE_URL TOKEN PATIENT_ID N
  e.g. tools/fhir_post_bench.py http://127.0.0.1:8080 "$(./icutwin token --sub lab --role INTEGRATOR)" demo-glucose 200
Run several at once for concurrent clients. Effective times are one minute apart, ending now.
Measurement tool for docs/performance.md; standard library only.
"""
import datetime
import json
import os
import sys
import time
import urllib.error
import urllib.request

base, token, patient, n = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4])
start_t = datetime.datetime.now(datetime.timezone.utc) - datetime.timedelta(minutes=n + 5)
lat = []
codes = {}
t0 = time.time()
for i in range(n):
    eff = (start_t + datetime.timedelta(minutes=i)).strftime('%Y-%m-%dT%H:%M:%SZ')
    o = {"resourceType": "Observation", "id": "perf-%d-%d-%d" % (os.getpid(), int(t0), i), "status": "final",
         "category": [{"coding": [{"system": "http://terminology.hl7.org/CodeSystem/observation-category", "code": "laboratory"}]}],
         "code": {"coding": [{"system": "http://loinc.org", "code": "15074-8"}]},
         "subject": {"reference": "Patient/" + patient}, "effectiveDateTime": eff,
         "valueQuantity": {"value": 7.0 + (i % 10) * 0.1, "unit": "mmol/L", "system": "http://unitsofmeasure.org", "code": "mmol/L"}}
    req = urllib.request.Request(base + "/fhir/Observation", data=json.dumps(o).encode(), method="POST",
        headers={"Authorization": "Bearer " + token, "Content-Type": "application/fhir+json"})
    s = time.time()
    try:
        with urllib.request.urlopen(req) as r:
            codes[r.status] = codes.get(r.status, 0) + 1
    except urllib.error.HTTPError as e:
        codes[e.code] = codes.get(e.code, 0) + 1
        if codes[e.code] < 3: print(e.code, e.read()[:300])
    lat.append(time.time() - s)
el = time.time() - t0
lat.sort()
print("n=%d elapsed=%.1fs rate=%.1f/s p50=%.1fms p99=%.1fms codes=%s" % (n, el, n / el, 1000 * lat[n // 2], 1000 * lat[int(n * 0.99)], codes))
