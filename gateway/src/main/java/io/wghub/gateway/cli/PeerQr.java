package io.wghub.gateway.cli;

import com.google.zxing.BarcodeFormat;
import com.google.zxing.EncodeHintType;
import com.google.zxing.WriterException;
import com.google.zxing.common.BitMatrix;
import com.google.zxing.qrcode.QRCodeWriter;
import com.google.zxing.qrcode.decoder.ErrorCorrectionLevel;

import java.util.Map;

/** Draws text as a QR code for a terminal: two module rows per line, in Unicode half blocks. */
final class PeerQr {
    /** Quiet zone around the code, in modules. */
    static final int MARGIN = 2;

    private PeerQr() {
    }

    static String render(String text) throws WriterException {
        // Width and height 0: one matrix cell per module. No CHARACTER_SET: the text is ASCII,
        // which the default covers without an ECI header that some scanners trip over.
        BitMatrix m = new QRCodeWriter().encode(text, BarcodeFormat.QR_CODE, 0, 0,
                Map.of(EncodeHintType.MARGIN, MARGIN, EncodeHintType.ERROR_CORRECTION, ErrorCorrectionLevel.L));
        // As qrencode -t UTF8: light modules (and the quiet zone) in the foreground colour, dark
        // ones blank, which reads right on the usual light-on-dark terminal.
        StringBuilder out = new StringBuilder((m.getWidth() + 1) * (m.getHeight() / 2 + 1));
        for (int y = 0; y < m.getHeight(); y += 2) {
            for (int x = 0; x < m.getWidth(); x++) {
                boolean top = !m.get(x, y);
                boolean bottom = y + 1 < m.getHeight() && !m.get(x, y + 1);
                out.append(top ? (bottom ? '█' : '▀') : (bottom ? '▄' : ' '));
            }
            out.append('\n');
        }
        return out.toString();
    }
}
