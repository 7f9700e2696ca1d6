package dev.aiim.reporting.rendering;

import com.openhtmltopdf.outputdevice.helper.BaseRendererBuilder.FontStyle;
import com.openhtmltopdf.outputdevice.helper.ExternalResourceControlPriority;
import com.openhtmltopdf.extend.FSSupplier;
import com.openhtmltopdf.pdfboxout.PdfRendererBuilder;

import java.awt.color.ColorSpace;
import java.awt.color.ICC_Profile;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/**
 * An XHTML document (a rendered template) as PDF/A-3a, the archival PDF that may carry attachments, tagged for
 * accessibility (its structure is the template's headings, tables and lists): every font
 * embedded (DejaVu, shipped with the service, so a PDF looks the same on any machine and has a Unicode text layer), an
 * sRGB output intent (the JDK's own profile), XMP metadata naming the conformance. The document may reach nothing
 * outside itself: no image, stylesheet or font is fetched from a URL, whatever the text contains.
 */
public final class PdfA3 {

    private static final byte[] SANS = font("DejaVuSans.ttf");
    private static final byte[] SANS_BOLD = font("DejaVuSans-Bold.ttf");
    private static final byte[] MONO = font("DejaVuSansMono.ttf");
    private static final byte[] SRGB = ICC_Profile.getInstance(ColorSpace.CS_sRGB).getData();

    private PdfA3() {
    }

    public static byte[] render(String xhtml) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        PdfRendererBuilder builder = new PdfRendererBuilder();
        builder.useFastMode();
        builder.usePdfAConformance(PdfRendererBuilder.PdfAConformance.PDFA_3_A);
        // level A: tagged, so a screen reader finds the headings, tables and lists the template wrote
        builder.usePdfUaAccessibility(true);
        builder.useColorProfile(SRGB);
        builder.useFont(supplier(SANS), "DejaVu Sans", 400, FontStyle.NORMAL, true);
        builder.useFont(supplier(SANS_BOLD), "DejaVu Sans", 700, FontStyle.NORMAL, true);
        builder.useFont(supplier(MONO), "DejaVu Sans Mono", 400, FontStyle.NORMAL, true);
        builder.useExternalResourceAccessControl((uri, type) -> false,
                ExternalResourceControlPriority.RUN_BEFORE_RESOLVING_URI);
        builder.useExternalResourceAccessControl((uri, type) -> false,
                ExternalResourceControlPriority.RUN_AFTER_RESOLVING_URI);
        builder.withProducer("AI incident platform: reporting-service");
        builder.withHtmlContent(xhtml, null);
        builder.toStream(out);
        try {
            builder.run();
        } catch (IOException e) {
            throw new UncheckedIOException("the PDF could not be rendered", e);
        }
        return out.toByteArray();
    }

    private static FSSupplier<InputStream> supplier(byte[] font) {
        return () -> new ByteArrayInputStream(font);
    }

    private static byte[] font(String name) {
        try (InputStream in = PdfA3.class.getResourceAsStream("/fonts/" + name)) {
            if (in == null) {
                throw new IllegalStateException("font " + name + " is missing from the service's resources");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
