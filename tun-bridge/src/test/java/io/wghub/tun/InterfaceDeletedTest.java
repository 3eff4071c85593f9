package io.wghub.tun;

import static io.wghub.tun.LinkConfigTest.assertOneLine;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** 'ip link del' from outside: LinkMonitor reports it, and every queue answers InterfaceGoneException. */
class InterfaceDeletedTest {

    @Test
    void deletionIsReportedByMonitorAndQueues() throws Exception {
        try (TestNetns ns = TestNetns.createOrSkip("InterfaceDeletedTest.deletionIsReportedByMonitorAndQueues")) {
            TunDevice tun = ns.call(() -> {
                TunDevice d = TunDevice.create("wgdel0");
                d.openQueue();
                return d;
            });
            try (tun; LinkMonitor monitor = ns.call(() -> LinkMonitor.open(tun));
                    LinkConfig config = ns.call(() -> LinkConfig.open(tun))) {
                config.setUp();
                config.addAddress(InetAddress.getByName("10.77.0.1"), 24);
                assertFalse(monitor.awaitDeleted(Duration.ofMillis(50)), "link changes of a live link are no deletion");
                assertFalse(monitor.isDeleted());

                ns.ip("link", "del", "wgdel0");

                assertTrue(monitor.awaitDeleted(Duration.ofSeconds(5)));
                assertTrue(monitor.processPending(), "deletion stays reported");
                TunQueue first = tun.queues().get(0);
                TunQueue second = tun.queues().get(1);
                // poll(2) wakes on a detached queue (POLLERR), so an event loop learns of it without a read.
                assertEquals(0, Poller.awaitReadable(Duration.ofSeconds(1), first.fd()));
                InterfaceGoneException read = assertThrows(InterfaceGoneException.class,
                        () -> first.read(ByteBuffer.allocateDirect(2048)));
                assertEquals(Errno.EBADFD, read.errno());
                assertOneLine(read, "read from TUN wgdel0", "EBADFD", "deleted from outside");
                ByteBuffer packet = Packets.icmpv4Echo(new byte[] {10, 77, 0, 2}, new byte[] {10, 77, 0, 1}, 1, 1,
                        new byte[8]);
                InterfaceGoneException write = assertThrows(InterfaceGoneException.class, () -> second.write(packet));
                assertEquals(Errno.EBADFD, write.errno());
                // A new queue must not silently re-create the interface.
                assertThrows(InterfaceGoneException.class, () -> ns.call(tun::openQueue));
                assertEquals("", ns.ip("-o", "link", "show", "type", "tun"));
                config.undo(); // everything vanished with the link: nothing to report
            }
        }
    }

    @Test
    void monitorOpenedAfterDeletionStillReportsIt() throws Exception {
        try (TestNetns ns = TestNetns.createOrSkip("InterfaceDeletedTest.monitorOpenedAfterDeletionStillReportsIt")) {
            TunDevice tun = ns.call(() -> TunDevice.create("wgdel1"));
            try (tun) {
                ns.ip("link", "del", "wgdel1");
                try (LinkMonitor monitor = ns.call(() -> LinkMonitor.open(tun))) {
                    assertTrue(monitor.awaitDeleted(Duration.ofSeconds(5)));
                }
            }
        }
    }

    @Test
    void otherLinksDoNotTrigger() throws Exception {
        try (TestNetns ns = TestNetns.createOrSkip("InterfaceDeletedTest.otherLinksDoNotTrigger")) {
            TunDevice tun = ns.call(() -> TunDevice.create("wgdel2"));
            try (tun; LinkMonitor monitor = ns.call(() -> LinkMonitor.open(tun))) {
                ns.addOtherLink("wgdummy2");
                ns.ip("link", "del", "wgdummy2");
                // The dummy's deletion is delivered before anything later, so one round trip shows it was ignored.
                assertEquals(0, Poller.awaitReadable(Duration.ofSeconds(5), monitor.fd()));
                assertFalse(monitor.processPending());
                tun.close(); // closing the last queue deletes the TUN: that counts
                assertTrue(monitor.awaitDeleted(Duration.ofSeconds(5)));
            }
        }
    }
}
