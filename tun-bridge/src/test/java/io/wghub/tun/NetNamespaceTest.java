package io.wghub.tun;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import org.junit.jupiter.api.Test;

/** NetNamespace.call runs work inside the namespace, on another thread, and leaves the caller where it was. */
class NetNamespaceTest {

    @Test
    void workRunsInTheNamespaceOnlyForItsThread() throws Exception {
        try (TestNetns ns = TestNetns.createOrSkip("NetNamespaceTest.workRunsInTheNamespaceOnlyForItsThread")) {
            String here = NetNamespace.currentId();
            String there = ns.call(NetNamespace::currentId);
            assertNotEquals(here, there);
            assertEquals(here, NetNamespace.currentId(), "the calling thread did not move");
            assertEquals(there, ns.call(NetNamespace::currentId), "same namespace on every call");
            // The namespace file ('ip netns' bind mount) has the same identity.
            Object inode = java.nio.file.Files.getAttribute(NetNamespace.NETNS_DIR.resolve(ns.name()), "unix:ino");
            assertEquals("net:[" + inode + "]", there);
        }
    }

    @Test
    void exceptionsPropagateUnchanged() throws Exception {
        try (TestNetns ns = TestNetns.createOrSkip("NetNamespaceTest.exceptionsPropagateUnchanged")) {
            IOException thrown = new IOException("boom");
            assertSame(thrown, assertThrows(IOException.class, () -> ns.call(() -> {
                throw thrown;
            })));
            AssertionError error = new AssertionError("bad");
            assertSame(error, assertThrows(AssertionError.class, () -> ns.call(() -> {
                throw error;
            })));
        }
    }
}
