package io.wghub.gateway.control.uapi;

import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.logging.Level;
import java.util.logging.Logger;

/** The device as the socket's clients share it: one set=1 at a time, and no get=1 while one is applied. */
final class DeviceGate {
    private static final Logger LOG = Logger.getLogger("io.wghub.gateway");

    private final UapiDevice device;
    private final String interfaceName;
    private final ReadWriteLock lock = new ReentrantReadWriteLock(true);

    DeviceGate(UapiDevice device, String interfaceName) {
        this.device = device;
        this.interfaceName = interfaceName;
    }

    /** The complete get=1 reply; a device that throws yields EIO, as a failed get does in wireguard-go. */
    byte[] get() throws UapiException {
        DeviceSnapshot snapshot;
        lock.readLock().lock();
        try {
            snapshot = device.snapshot();
        } catch (RuntimeException e) {
            throw internal("snapshot", e);
        } finally {
            lock.readLock().unlock();
        }
        try {
            return UapiCodec.formatGet(snapshot);
        } catch (RuntimeException e) {
            throw internal("snapshot", e);
        } finally {
            wipe(snapshot);
        }
    }

    void apply(SetRequest request) throws UapiException {
        lock.writeLock().lock();
        try {
            device.apply(request);
        } catch (RuntimeException e) {
            throw internal("apply", e);
        } finally {
            wipe(request);
            lock.writeLock().unlock();
        }
    }

    /** A device bug: logged with its stack trace (devices never put keys in messages), reported as EIO. */
    private UapiException internal(String call, RuntimeException e) {
        LOG.log(Level.WARNING, interfaceName + ": UAPI: " + call + "() failed unexpectedly", e);
        return new UapiException(UapiException.EIO, call + "() failed: " + e.getClass().getSimpleName());
    }

    /** The snapshot's key copies are ours once formatted: none may linger on the heap. */
    private static void wipe(DeviceSnapshot snapshot) {
        if (snapshot.privateKey() != null) {
            java.util.Arrays.fill(snapshot.privateKey(), (byte) 0);
        }
        for (PeerSnapshot peer : snapshot.peers()) {
            if (peer.presharedKey() != null) {
                java.util.Arrays.fill(peer.presharedKey(), (byte) 0);
            }
        }
    }

    /** The request's keys were copied into the device (or refused): wipe the parsed copies. */
    private static void wipe(SetRequest request) {
        if (request.privateKey() != null) {
            java.util.Arrays.fill(request.privateKey(), (byte) 0);
        }
        for (PeerChange change : request.peers()) {
            if (change.presharedKey() != null) {
                java.util.Arrays.fill(change.presharedKey(), (byte) 0);
            }
        }
    }
}
