import javax.imageio.ImageIO;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.GradientPaint;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.Path2D;
import java.awt.geom.RoundRectangle2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Draws the studio's icon and writes it in each installer's format: PNG (Linux), ICO (Windows, PNG entries),
 * ICNS (macOS, PNG entries). Run from the repository root: {@code java installer/icons/MakeIcons.java}.
 */
public class MakeIcons {
    public static void main(String[] args) throws IOException {
        Path out = Path.of(args.length > 0 ? args[0] : "installer");
        Files.write(out.resolve("linux/cinegen.png"), png(draw(256)));
        Files.write(out.resolve("linux/cinegen-project.png"), png(drawDocument(256)));
        Map<Integer, byte[]> ico = new LinkedHashMap<>();
        for (int s : new int[] {16, 32, 48, 256}) ico.put(s, png(draw(s)));
        Files.write(out.resolve("windows/cinegen.ico"), ico(ico));
        Map<Integer, byte[]> doc = new LinkedHashMap<>();
        for (int s : new int[] {16, 32, 48, 256}) doc.put(s, png(drawDocument(s)));
        Files.write(out.resolve("windows/cinegen-project.ico"), ico(doc));
        Files.write(out.resolve("mac/cinegen.icns"), icns(Map.of("ic08", png(draw(256)), "ic09", png(draw(512)))));
        Files.write(out.resolve("mac/cinegen-project.icns"),
                icns(Map.of("ic08", png(drawDocument(256)), "ic09", png(drawDocument(512)))));
    }

    /** A rounded square in a violet-to-orange gradient with a white film frame and a play triangle. */
    static BufferedImage draw(int size) {
        BufferedImage img = new BufferedImage(size, size, BufferedImage.TYPE_INT_ARGB);
        Graphics2D g = img.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        double s = size;
        g.setPaint(new GradientPaint(0, 0, new Color(0x5B2DBE), (float) s, (float) s, new Color(0xF2783A)));
        g.fill(new RoundRectangle2D.Double(s * 0.04, s * 0.04, s * 0.92, s * 0.92, s * 0.22, s * 0.22));
        g.setColor(Color.WHITE);
        g.setStroke(new BasicStroke((float) Math.max(1, s * 0.05), BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND));
        g.draw(new RoundRectangle2D.Double(s * 0.2, s * 0.26, s * 0.6, s * 0.48, s * 0.08, s * 0.08));
        Path2D play = new Path2D.Double();
        play.moveTo(s * 0.43, s * 0.38);
        play.lineTo(s * 0.62, s * 0.5);
        play.lineTo(s * 0.43, s * 0.62);
        play.closePath();
        g.fill(play);
        g.dispose();
        return img;
    }

    /** The project file icon: a white page with the studio icon on it. */
    static BufferedImage drawDocument(int size) {
        BufferedImage img = new BufferedImage(size, size, BufferedImage.TYPE_INT_ARGB);
        Graphics2D g = img.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        double s = size;
        g.setColor(new Color(0xF4F4F6));
        g.fill(new RoundRectangle2D.Double(s * 0.14, s * 0.04, s * 0.72, s * 0.92, s * 0.08, s * 0.08));
        g.setColor(new Color(0x8A8A99));
        g.setStroke(new BasicStroke((float) Math.max(1, s * 0.015)));
        g.draw(new RoundRectangle2D.Double(s * 0.14, s * 0.04, s * 0.72, s * 0.92, s * 0.08, s * 0.08));
        int inner = (int) Math.round(s * 0.56);
        g.drawImage(draw(Math.max(8, inner)), (int) Math.round(s * 0.22), (int) Math.round(s * 0.3), inner, inner, null);
        g.dispose();
        return img;
    }

    static byte[] png(BufferedImage img) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ImageIO.write(img, "png", out);
        return out.toByteArray();
    }

    /** ICO with PNG-compressed entries (Windows Vista and later). */
    static byte[] ico(Map<Integer, byte[]> images) {
        int n = images.size();
        int offset = 6 + 16 * n;
        int total = offset + images.values().stream().mapToInt(b -> b.length).sum();
        ByteBuffer buf = ByteBuffer.allocate(total).order(ByteOrder.LITTLE_ENDIAN);
        buf.putShort((short) 0).putShort((short) 1).putShort((short) n);
        for (Map.Entry<Integer, byte[]> e : images.entrySet()) {
            int s = e.getKey();
            buf.put((byte) (s >= 256 ? 0 : s)).put((byte) (s >= 256 ? 0 : s)).put((byte) 0).put((byte) 0);
            buf.putShort((short) 1).putShort((short) 32).putInt(e.getValue().length).putInt(offset);
            offset += e.getValue().length;
        }
        for (byte[] b : images.values()) buf.put(b);
        return buf.array();
    }

    /** ICNS with PNG entries (ic08 = 256 px, ic09 = 512 px). */
    static byte[] icns(Map<String, byte[]> entries) throws IOException {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        DataOutputStream d = new DataOutputStream(body);
        for (String type : new String[] {"ic08", "ic09"}) {
            byte[] data = entries.get(type);
            d.writeBytes(type);
            d.writeInt(8 + data.length);
            d.write(data);
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        DataOutputStream o = new DataOutputStream(out);
        o.writeBytes("icns");
        o.writeInt(8 + body.size());
        o.write(body.toByteArray());
        return out.toByteArray();
    }
}
