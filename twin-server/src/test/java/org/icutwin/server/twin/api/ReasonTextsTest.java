package org.icutwin.server.twin.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.stream.Stream;
import org.icutwin.control.recommend.RecommendationReason;
import org.icutwin.control.safety.SafetyReason;
import org.icutwin.control.vancomycin.VancomycinReason;
import org.junit.jupiter.api.Test;

/** Every reason code the controllers and the safety envelope can give reaches clinicians in words. */
class ReasonTextsTest {

  @Test
  void everyReasonCodeHasItsOwnPlainLanguageText() {
    Stream.of(SafetyReason.values(), RecommendationReason.values(), VancomycinReason.values(),
            org.icutwin.control.recommend.NutritionAdvice.Reason.values(),
            org.icutwin.control.recommend.DextroseInfusionAdvice.Reason.values())
        .flatMap(Stream::of).map(Enum::name).forEach(code -> {
          assertThat(ReasonTexts.hasText(code)).as(code).isTrue();
          assertThat(ReasonTexts.reason(code).text()).as(code).isNotBlank().isNotEqualTo(code);
        });
  }

  @Test
  void anUnknownCodeIsShownReadablyRatherThanDropped() {
    assertThat(ReasonTexts.reason("SOME_NEW_CODE").text()).isEqualTo("some new code");
  }
}
