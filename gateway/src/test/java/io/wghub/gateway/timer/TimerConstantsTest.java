package io.wghub.gateway.timer;

import io.wghub.gateway.noise.Protocol;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.junit.jupiter.api.Assertions.*;

/** The production timings are the whitepaper's; shortened ones keep their proportions. */
class TimerConstantsTest {
    @Test
    void productionIsTheWhitepaper() {
        TimerConstants c = TimerConstants.PRODUCTION;
        assertEquals(Protocol.REKEY_TIMEOUT, c.rekeyTimeout());
        assertEquals(Duration.ofSeconds(5), c.rekeyTimeout());
        assertEquals(Duration.ofSeconds(10), c.keepaliveTimeout());
        assertEquals(Duration.ofSeconds(90), c.rekeyAttemptTime());
        assertEquals(Duration.ofSeconds(180), c.rejectAfterTime());
        assertEquals(Duration.ofMillis(333), c.maxJitter());
        assertEquals(18, c.maxRetries());
        assertEquals(Duration.ofSeconds(15), c.newHandshakeTimeout());
        assertEquals(Duration.ofSeconds(540), c.zeroKeyMaterialTimeout());
    }

    @Test
    void shortenedForTestsKeepsTheRatios() {
        TimerConstants c = TimerConstants.shortenedForTests(50);
        assertEquals(Duration.ofMillis(100), c.rekeyTimeout());
        assertEquals(Duration.ofMillis(200), c.keepaliveTimeout());
        assertEquals(18, c.maxRetries());
        assertEquals(Duration.ofMillis(10_800), c.zeroKeyMaterialTimeout());
        assertThrows(IllegalArgumentException.class, () -> TimerConstants.shortenedForTests(0));
    }

    @Test
    void nonsenseIsRejected() {
        Duration s = Duration.ofSeconds(1);
        assertThrows(IllegalArgumentException.class, () -> new TimerConstants(Duration.ZERO, s, s, s, Duration.ZERO));
        assertThrows(IllegalArgumentException.class, () -> new TimerConstants(s, s, Duration.ofMillis(999), s, Duration.ZERO));
        assertThrows(IllegalArgumentException.class, () -> new TimerConstants(s, s, s, s, s));
        assertThrows(IllegalArgumentException.class, () -> new TimerConstants(s, s, s, s, Duration.ofMillis(-1)));
        assertThrows(NullPointerException.class, () -> new TimerConstants(null, s, s, s, Duration.ZERO));
    }
}
