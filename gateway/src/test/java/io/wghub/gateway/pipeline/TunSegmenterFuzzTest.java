package io.wghub.gateway.pipeline;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.buffer.Unpooled;
import io.wghub.tun.TunQueue;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

/**
 * Coverage-guided fuzzing (Jazzer) of what an offloading TUN read may hold: any header and
 * packet bytes end in packets for the sink or one drop reason, never an exception, and every
 * packet handed on keeps the data path's headroom and tailroom and fits what was read.
 */
class TunSegmenterFuzzTest {
    private static final List<ByteBuf> OUT = new ArrayList<>();
    private static final TunSegmenter SEGMENTER = new TunSegmenter(PooledByteBufAllocator.DEFAULT, OUT::add);

    @FuzzTest(maxDuration = "20s")
    void anyReadEndsInPacketsOrOneDropReason(FuzzedDataProvider data) {
        ByteBuf read = Unpooled.directBuffer(TunQueue.VNET_HEADER_LENGTH + 2048);
        try {
            // Mostly plausible headers, so the fuzzer gets past the type and size checks quickly.
            read.writeByte(data.consumeInt(0, 3));
            read.writeByte(data.pickValue(new int[] {0, 1, 3, 4, 0x81, data.consumeInt(0, 255)}));
            read.writeShortLE(data.consumeInt(0, 0xffff));
            read.writeShortLE(data.consumeInt(0, 1500));
            read.writeShortLE(data.consumeInt(0, 80));
            read.writeShortLE(data.pickValue(new int[] {6, 16, data.consumeInt(0, 0xffff)}));
            read.writeBytes(data.consumeBytes(2048));
            int packet = read.readableBytes() - TunQueue.VNET_HEADER_LENGTH;
            if (SEGMENTER.split(read) == null) {
                assertFalse(OUT.isEmpty(), "accepted reads hand on at least one packet");
            } else {
                assertTrue(OUT.isEmpty(), "a dropped read hands on nothing");
            }
            int segments = OUT.size();
            for (ByteBuf out : OUT) {
                assertEquals(TunIoHandle.HEADROOM, out.readerIndex());
                assertTrue(out.writableBytes() >= TunIoHandle.TAILROOM);
                assertTrue(out.readableBytes() <= Math.max(packet, 1) && (segments == 1 || out.readableBytes() < packet));
            }
        } finally {
            read.release();
            OUT.forEach(ByteBuf::release);
            OUT.clear();
        }
    }
}
