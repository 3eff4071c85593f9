package io.wghub.tun;

import static io.wghub.tun.LinkConfigTest.assertOneLine;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** errno to message mapping, including the paths a root test cannot reach (missing device, no capability). */
class ErrorMessagesTest {

    @Test
    void missingDeviceSaysHowToProvideIt() {
        for (int errno : new int[] {Errno.ENOENT, Errno.ENODEV, Errno.ENXIO}) {
            TunException e = TunErrors.open(errno);
            assertEquals(errno, e.errno());
            assertOneLine(e, "cannot open /dev/net/tun", "modprobe tun", "docker --device /dev/net/tun",
                    "Kubernetes: mount /dev/net/tun");
        }
    }

    @Test
    void missingCapabilitySaysHowToGrantIt() {
        for (int errno : new int[] {Errno.EPERM, Errno.EACCES}) {
            assertOneLine(TunErrors.open(errno), "chmod 0666 /dev/net/tun", "needs CAP_NET_ADMIN", "run as root",
                    "setcap cap_net_admin+ep $(readlink -f $(which java))",
                    "NET_ADMIN to securityContext.capabilities");
            assertOneLine(TunErrors.setIff("wg0", false, errno), "creating TUN interface wg0 (TUNSETIFF)",
                    "needs CAP_NET_ADMIN");
            assertOneLine(LinkErrors.failure("add route 10.0.0.0/8 dev wg0", "wg0", errno, null, "x"),
                    "add route 10.0.0.0/8 dev wg0 failed", "needs CAP_NET_ADMIN");
        }
        assertOneLine(LinkErrors.failure("add address fd00::1/64 to wg0", "wg0", Errno.EACCES, null, "x"),
                "net.ipv6.conf.wg0.disable_ipv6=0");
    }

    @Test
    void takenNameSuggestsAnotherOrDeletingTheStaleOne() {
        for (int errno : new int[] {Errno.EBUSY, Errno.EEXIST}) {
            assertOneLine(TunErrors.setIff("wg0", false, errno), "EBUSY".equals(Errno.name(errno)) ? "EBUSY" : "EEXIST",
                    "taken by another interface", "choose another name", "'ip link del wg0'");
        }
        assertOneLine(TunErrors.setIff("wg0", true, Errno.EINVAL), "attaching a queue", "no longer a multi-queue TUN");
    }

    @Test
    void kernelExtendedAckTextIsQuoted() {
        TunException e = LinkErrors.failure("set MTU 20 on wg0", "wg0", Errno.EINVAL, "mtu less than device minimum\n",
                null);
        assertOneLine(e, "set MTU 20 on wg0 failed: EINVAL (invalid argument), kernel says \"mtu less than device "
                + "minimum\"", "IPv6 >= 1280");
    }

    @Test
    void deletesOfMissingObjectsCountAsDone() {
        for (int errno : new int[] {Errno.ESRCH, Errno.ENOENT, Errno.ENODEV, Errno.EADDRNOTAVAIL}) {
            assertTrue(LinkErrors.alreadyGone(errno), Errno.name(errno));
        }
        assertFalse(LinkErrors.alreadyGone(Errno.EPERM));
        assertEquals("errno 4242", Errno.describe(4242));
    }

    @Test
    void invalidNamesAreRejected() throws TunException {
        assertOneLine(assertThrows(TunException.class, () -> InterfaceName.validate("")), "empty");
        assertOneLine(assertThrows(TunException.class, () -> InterfaceName.validate("..")), "reserved");
        assertOneLine(assertThrows(TunException.class, () -> InterfaceName.validate("wg/0")), "'/' at index 2");
        assertOneLine(assertThrows(TunException.class, () -> InterfaceName.validate("wg:0")), "':' at index 2");
        assertOneLine(assertThrows(TunException.class, () -> InterfaceName.validate("wg 0")), "U+0020 at index 2");
        assertOneLine(assertThrows(TunException.class, () -> InterfaceName.validate("wg\t0")), "U+0009");
        assertOneLine(assertThrows(TunException.class, () -> InterfaceName.validate("wgé")), "U+00E9");
        assertOneLine(assertThrows(TunException.class, () -> InterfaceName.validate("a".repeat(16))), "16 bytes");
        InterfaceName.validate(".a");
        InterfaceName.validate("a".repeat(15));
    }

    @Test
    void unknownNamespaceSaysHowToCreateIt() throws Exception {
        Exception e = assertThrows(Exception.class, () -> NetNamespace.call("wghub-tun-does-not-exist", () -> 1));
        assertInstanceOf(TunException.class, e);
        assertOneLine(e, "cannot open network namespace /var/run/netns/wghub-tun-does-not-exist",
                "'ip netns add wghub-tun-does-not-exist'");
        assertOneLine(assertThrows(TunException.class, () -> NetNamespace.call("a/b", () -> 1)), "not a plain name");
    }
}
