package io.wghub.metrics;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.CompositeByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import java.io.ByteArrayOutputStream;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The body arrives whole and in order, in full chunks joined without a copy; a discarded body frees them all. */
class PooledBodyStreamTest {

    private final PooledByteBufAllocator alloc = new PooledByteBufAllocator(true);

    @Test
    void bytesAcrossChunksComeOutInOrder() {
        Random r = new Random(9);
        ByteArrayOutputStream want = new ByteArrayOutputStream();
        PooledBodyStream out = new PooledBodyStream(alloc);
        while (want.size() < 5 * PooledBodyStream.CHUNK + 123) {
            if (r.nextInt(10) == 0) {
                int b = r.nextInt(256);
                out.write(b);
                want.write(b);
            } else {
                byte[] piece = new byte[r.nextInt(3 * PooledBodyStream.CHUNK / 2)];
                r.nextBytes(piece);
                out.write(piece, 0, piece.length);
                want.writeBytes(piece);
            }
        }
        ByteBuf body = out.finish();
        try {
            assertArrayEquals(want.toByteArray(), ByteBufUtil.getBytes(body));
            int chunks = (want.size() + PooledBodyStream.CHUNK - 1) / PooledBodyStream.CHUNK;
            assertEquals(chunks, ((CompositeByteBuf) body).numComponents(), "full chunks, not consolidated");
        } finally {
            body.release();
        }
    }

    @Test
    void emptyAndDiscarded() {
        ByteBuf empty = new PooledBodyStream(alloc).finish();
        assertEquals(0, empty.readableBytes());
        empty.release();

        PooledBodyStream half = new PooledBodyStream(alloc);
        half.write(new byte[PooledBodyStream.CHUNK + 10], 0, PooledBodyStream.CHUNK + 10);
        assertEquals(2, liveChunks());
        half.discard();
        assertEquals(0, liveChunks());
    }

    private long liveChunks() {
        return alloc.metric().directArenas().stream().mapToLong(a -> a.numActiveAllocations()).sum();
    }
}
