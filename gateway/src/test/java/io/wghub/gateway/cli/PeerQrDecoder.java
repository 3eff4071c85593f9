package io.wghub.gateway.cli;

import com.google.zxing.BinaryBitmap;
import com.google.zxing.DecodeHintType;
import com.google.zxing.RGBLuminanceSource;
import com.google.zxing.common.HybridBinarizer;
import com.google.zxing.qrcode.QRCodeReader;

import java.util.List;
import java.util.Map;

/** Reads a QR code drawn with half blocks back into its text, as a phone's camera would. */
final class PeerQrDecoder {
    private static final int SCALE = 4;
    private static final int BORDER = 4;

    private PeerQrDecoder() {
    }

    static String decode(String drawn) throws Exception {
        List<String> lines = drawn.lines().toList();
        int width = lines.get(0).length();
        // A drawn character is light (the terminal's foreground) where it has a block.
        boolean[][] light = new boolean[lines.size() * 2][width];
        boolean lastRowUsed = false;
        for (int y = 0; y < lines.size(); y++) {
            String line = lines.get(y);
            assert line.length() == width;
            for (int x = 0; x < width; x++) {
                char c = line.charAt(x);
                light[2 * y][x] = c == '█' || c == '▀';
                light[2 * y + 1][x] = c == '█' || c == '▄';
                lastRowUsed |= y == lines.size() - 1 && light[2 * y + 1][x];
            }
        }
        // An odd number of module rows leaves the last half line empty: it is not part of the code.
        int rows = lines.size() * 2 - (lastRowUsed ? 0 : 1);
        int w = (width + 2 * BORDER) * SCALE;
        int h = (rows + 2 * BORDER) * SCALE;
        int[] pixels = new int[w * h];
        java.util.Arrays.fill(pixels, 0xFFFFFFFF);
        for (int y = 0; y < rows; y++) {
            for (int x = 0; x < width; x++) {
                if (!light[y][x]) {
                    for (int dy = 0; dy < SCALE; dy++) {
                        for (int dx = 0; dx < SCALE; dx++) {
                            pixels[((y + BORDER) * SCALE + dy) * w + (x + BORDER) * SCALE + dx] = 0xFF000000;
                        }
                    }
                }
            }
        }
        BinaryBitmap bitmap = new BinaryBitmap(new HybridBinarizer(new RGBLuminanceSource(w, h, pixels)));
        return new QRCodeReader().decode(bitmap, Map.of(DecodeHintType.PURE_BARCODE, Boolean.TRUE)).getText();
    }
}
