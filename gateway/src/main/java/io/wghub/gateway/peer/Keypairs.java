package io.wghub.gateway.peer;

/**
 * A peer's previous, current and next sessions and how a new one slides in (whitepaper §5.4.5
 * and §6.1): the initiator uses a new session at once; the responder holds it as "next" until
 * the first packet that arrives under it confirms the initiator has it too.
 */
public final class Keypairs {
    private final IndexTable indices;
    private Keypair previous;
    private volatile Keypair current;
    /** Volatile so the per-packet check in {@link #confirm} needs no lock. */
    private volatile Keypair next;

    public Keypairs(IndexTable indices) {
        this.indices = indices;
    }

    /** The session to send with, or null; read without a lock on the send path. */
    public Keypair current() {
        return current;
    }

    public synchronized Keypair next() {
        return next;
    }

    public synchronized Keypair previous() {
        return previous;
    }

    /** Installs a session that a completed handshake produced. */
    public synchronized void install(Keypair fresh) {
        if (fresh.initiator()) {
            if (next != null) {
                // An unconfirmed responder session is still usable for receiving: keep it as previous.
                drop(previous);
                previous = next;
                next = null;
                drop(current);
            } else {
                drop(previous);
                previous = current;
            }
            current = fresh;
        } else {
            drop(next);
            next = fresh;
            drop(previous);
            previous = null;
        }
    }

    /**
     * Called after a packet authenticated under {@code keypair}: if it is the pending "next"
     * session, that confirms it and it becomes current.
     *
     * @return true when this promoted {@code keypair} to current
     */
    public boolean confirm(Keypair keypair) {
        if (keypair != next) {
            return false;
        }
        synchronized (this) {
            if (keypair != next) {
                return false;
            }
            drop(previous);
            previous = current;
            current = next;
            next = null;
            return true;
        }
    }

    /** Drops every session (key zeroed, index released), e.g. after 3 × REJECT_AFTER_TIME idle. */
    public synchronized void clear() {
        drop(previous);
        drop(current);
        drop(next);
        previous = null;
        current = null;
        next = null;
    }

    private void drop(Keypair keypair) {
        if (keypair != null) {
            indices.remove(keypair.localIndex(), keypair);
            keypair.destroy();
        }
    }
}
