package io.wghub.tun;

import static io.wghub.tun.LinkConfigTest.assertOneLine;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

/** Creating a TUN fails with one clear line: bad names before any syscall, taken names from the kernel. */
class TunDeviceErrorsTest {

    @Test
    void nameTooLongIsRejectedBeforeAnySyscall() throws Exception {
        try (TestNetns ns = TestNetns.createOrSkip("TunDeviceErrorsTest.nameTooLongIsRejectedBeforeAnySyscall")) {
            // The kernel would cut the name to 15 bytes and create "wghub-very-long"; we must refuse first.
            TunException e = assertThrows(TunException.class,
                    () -> ns.call(() -> TunDevice.create("wghub-very-long0")));
            assertEquals(0, e.errno());
            assertOneLine(e, "\"wghub-very-long0\" is 16 bytes", "at most 15", "choose a shorter name");
            assertEquals("", ns.ip("-o", "link", "show", "type", "tun"));
        }
    }

    @Test
    void nameTakenByAnotherKindOfInterface() throws Exception {
        try (TestNetns ns = TestNetns.createOrSkip("TunDeviceErrorsTest.nameTakenByAnotherKindOfInterface")) {
            String type = ns.addOtherLink("wgtaken0");
            TunException e = assertThrows(TunException.class, () -> ns.call(() -> TunDevice.create("wgtaken0")));
            assertEquals(Errno.EBUSY, e.errno());
            assertOneLine(e, "creating TUN interface wgtaken0", "is taken by another interface",
                    "'ip link del wgtaken0'");
            assertEquals(type, ns.ip("-o", "-d", "link", "show", "dev", "wgtaken0").contains("bridge")
                    ? "bridge" : "dummy", "the existing interface is untouched");
        }
    }

    @Test
    void nameTakenByAnotherTunIsNotJoined() throws Exception {
        // Without IFF_TUN_EXCL the kernel would attach us as another queue of someone else's interface.
        try (TestNetns ns = TestNetns.createOrSkip("TunDeviceErrorsTest.nameTakenByAnotherTunIsNotJoined")) {
            try (TunDevice first = ns.call(() -> TunDevice.create("wgtaken1"))) {
                TunException e = assertThrows(TunException.class, () -> ns.call(() -> TunDevice.create("wgtaken1")));
                assertEquals(Errno.EBUSY, e.errno());
                assertEquals(1, first.queues().size());
            }
        }
    }

    @Test
    void nameTemplateGetsTheKernelsName() throws Exception {
        try (TestNetns ns = TestNetns.createOrSkip("TunDeviceErrorsTest.nameTemplateGetsTheKernelsName")) {
            try (TunDevice tun = ns.call(() -> TunDevice.create("wgt%d"))) {
                assertEquals("wgt0", tun.name());
                assertEquals("wgt0", ns.ip("-o", "link", "show", "type", "tun").split(":")[1].trim());
            }
        }
    }
}
