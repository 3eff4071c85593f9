package io.wghub.metrics;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.CompositeByteBuf;
import java.io.OutputStream;

/**
 * An OutputStream that fills pooled buffers of {@value #CHUNK} bytes and joins them, uncopied, into one composite
 * body: a 12 MB scrape is neither grown by copying nor allocated as one buffer too large for the pool.
 */
final class PooledBodyStream extends OutputStream {

    static final int CHUNK = 64 * 1024;

    private final ByteBufAllocator alloc;
    private final CompositeByteBuf body;
    private ByteBuf current;

    PooledBodyStream(ByteBufAllocator alloc) {
        this.alloc = alloc;
        // No consolidation: the default limit (16) would copy every component into one large buffer.
        this.body = alloc.compositeBuffer(Integer.MAX_VALUE);
    }

    @Override
    public void write(int b) {
        if (current == null || !current.isWritable()) {
            next();
        }
        current.writeByte(b);
    }

    @Override
    public void write(byte[] b, int off, int len) {
        while (len > 0) {
            if (current == null || !current.isWritable()) {
                next();
            }
            int n = Math.min(len, current.writableBytes());
            current.writeBytes(b, off, n);
            off += n;
            len -= n;
        }
    }

    /** The whole body; the caller owns it from now on (release it, or hand it to a response). */
    ByteBuf finish() {
        add();
        return body;
    }

    /** Frees everything written so far (a scrape that failed half-way). */
    void discard() {
        if (current != null) {
            current.release();
            current = null;
        }
        body.release();
    }

    private void next() {
        add();
        current = alloc.buffer(CHUNK, CHUNK);
    }

    private void add() {
        if (current != null) {
            body.addComponent(true, current);
            current = null;
        }
    }
}
