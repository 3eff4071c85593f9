package io.wghub.gateway.peer;

import io.wghub.gateway.noise.Protocol;
import org.junit.jupiter.api.Test;

import java.util.HashSet;
import java.util.Random;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.*;

/** The replay window against a plain set-based model, and at its edges. */
class ReplayWindowTest {
    @Test
    void windowIsAtLeast2048() {
        assertTrue(ReplayWindow.WINDOW >= 2048);
    }

    @Test
    void acceptsEachCounterOnceInAnyOrderWithinTheWindow() {
        ReplayWindow window = new ReplayWindow();
        assertTrue(window.accept(0));
        assertFalse(window.accept(0));
        assertTrue(window.accept(2));
        assertTrue(window.accept(1));
        assertFalse(window.accept(1));
        assertTrue(window.accept(ReplayWindow.WINDOW + 2));
        assertTrue(window.accept(3), "exactly WINDOW behind the newest is still inside");
        assertFalse(window.accept(2), "seen");
        assertTrue(window.accept(ReplayWindow.WINDOW + 3));
        assertFalse(window.accept(2), "now too old");
    }

    @Test
    void aLongJumpForgetsEverything() {
        ReplayWindow window = new ReplayWindow();
        for (int i = 0; i < 100; i++) {
            assertTrue(window.accept(i));
        }
        long far = 1_000_000;
        assertTrue(window.accept(far));
        assertFalse(window.accept(99));
        assertTrue(window.accept(far - 1));
        assertTrue(window.accept(far - ReplayWindow.WINDOW));
        assertFalse(window.accept(far - ReplayWindow.WINDOW - 1));
    }

    @Test
    void rejectAfterMessagesIsTheLimit() {
        ReplayWindow window = new ReplayWindow();
        assertFalse(window.accept(Protocol.REJECT_AFTER_MESSAGES));
        assertFalse(window.accept(-1L), "2^64 - 1 as unsigned");
        assertTrue(window.accept(Protocol.REJECT_AFTER_MESSAGES - 1));
        assertFalse(window.accept(Protocol.REJECT_AFTER_MESSAGES - 1));
        assertTrue(window.accept(Protocol.REJECT_AFTER_MESSAGES - 2));
    }

    @Test
    void matchesAModelUnderRandomTraffic() {
        long seed = new Random().nextLong();
        Random random = new Random(seed);
        ReplayWindow window = new ReplayWindow();
        Set<Long> seen = new HashSet<>();
        long newest = -1;
        long base = 0;
        for (int i = 0; i < 200_000; i++) {
            int choice = random.nextInt(10);
            if (choice == 0) {
                base += random.nextInt(3 * ReplayWindow.WINDOW);
            }
            long counter = Math.max(0, base + random.nextInt(ReplayWindow.WINDOW + 200) - 100);
            boolean tooOld = newest >= 0 && counter + ReplayWindow.WINDOW < newest;
            boolean expected = !tooOld && !seen.contains(counter);
            assertEquals(expected, window.mayAccept(counter), "mayAccept " + counter + " seed " + seed);
            assertEquals(expected, window.accept(counter), "accept " + counter + " seed " + seed);
            if (expected) {
                seen.add(counter);
                newest = Math.max(newest, counter);
            }
        }
    }
}
