package io.wghub.gateway.timer;

import java.util.concurrent.ThreadLocalRandom;
import java.util.random.RandomGenerator;

/**
 * The production jitter source: each calling thread draws from its own generator, so hooks on
 * several event loops neither share a seed (java.util.Random would CAS it) nor allocate.
 */
final class ThreadLocalJitter implements RandomGenerator {
    static final ThreadLocalJitter INSTANCE = new ThreadLocalJitter();

    private ThreadLocalJitter() {
    }

    @Override
    public long nextLong() {
        return ThreadLocalRandom.current().nextLong();
    }

    @Override
    public long nextLong(long bound) {
        return ThreadLocalRandom.current().nextLong(bound);
    }
}
