
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.util.Base64;

/**
 * Writes a new signing key as PEM, readable by its owner only. deploy/local/platform runs it once per install for
 * each service that signs:
 *   java SigningKey.java FILE          an Ed25519 private key (PKCS#8, as 'openssl genpkey -algorithm ed25519')
 *   java SigningKey.java --pdf FILE    an EC P-256 private key and its self-issued certificate (the PDF signing key,
 *                                      pdf-signing.pem), made with the JDK's keytool: no openssl needed
 */
public class SigningKey {
    public static void main(String[] args) throws Exception {
        boolean pdf = args[0].equals("--pdf");
        Path file = Path.of(args[pdf ? 1 : 0]);
        Files.createDirectories(file.getParent());
        String pem = pdf ? pdfKey(args.length > 2 ? args[2] : "AI incident platform (local)") : ed25519();
        Files.writeString(file, pem);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
    }

    private static String ed25519() throws Exception {
        return pem("PRIVATE KEY", KeyPairGenerator.getInstance("Ed25519").generateKeyPair().getPrivate().getEncoded());
    }

    private static String pdfKey(String name) throws Exception {
        Path dir = Files.createTempDirectory("pdf-key");
        Path store = dir.resolve("key.p12");
        try {
            String keytool = Path.of(System.getProperty("java.home"), "bin", "keytool").toString();
            Process p = new ProcessBuilder(keytool, "-genkeypair", "-alias", "pdf", "-keyalg", "EC", "-groupname",
                    "secp256r1", "-sigalg", "SHA256withECDSA", "-validity", "1095", "-dname", "CN=" + name,
                    "-ext", "KeyUsage:critical=digitalSignature,nonRepudiation", "-storetype", "PKCS12",
                    "-keystore", store.toString(), "-storepass", "transient", "-keypass", "transient")
                    .redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes());
            if (p.waitFor() != 0) {
                throw new IllegalStateException("keytool failed: " + out);
            }
            KeyStore keys = KeyStore.getInstance("PKCS12");
            try (var in = Files.newInputStream(store)) {
                keys.load(in, "transient".toCharArray());
            }
            PrivateKey key = (PrivateKey) keys.getKey("pdf", "transient".toCharArray());
            return pem("PRIVATE KEY", key.getEncoded()) + pem("CERTIFICATE", keys.getCertificate("pdf").getEncoded());
        } finally {
            Files.deleteIfExists(store);
            Files.deleteIfExists(dir);
        }
    }

    private static String pem(String type, byte[] der) {
        return "-----BEGIN " + type + "-----\n" + Base64.getMimeEncoder(64, new byte[]{'\n'}).encodeToString(der)
                + "\n-----END " + type + "-----\n";
    }
}
