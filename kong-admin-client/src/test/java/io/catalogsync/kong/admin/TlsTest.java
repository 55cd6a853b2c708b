package io.catalogsync.kong.admin;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import io.vertx.core.Vertx;
import java.io.FileInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * TLS against WireMock over https with certificates made for the test by the JDK's keytool: a private CA signs the
 * server certificate (SAN 127.0.0.1) and a client certificate. The client gets the CA as a PEM file and, for mTLS,
 * the client certificate and its PKCS#8 key as PEM files.
 */
class TlsTest {

    private static final String PASS = "changeit";
    private static final String INFO = "{\"version\":\"3.4.2\",\"configuration\":{\"database\":\"postgres\"},\"plugins\":{}}";

    @TempDir
    static Path dir;
    private static Path caPem;
    private static Path clientCertPem;
    private static Path clientKeyPem;
    private static Path serverP12;
    private static Path trustP12;

    private WireMockServer tlsServer;
    private WireMockServer mtlsServer;
    private Vertx vertx;
    private final List<KongAdminClient> clients = new ArrayList<>();

    @BeforeAll
    static void makeCertificates() throws Exception {
        Path ca = dir.resolve("ca.p12");
        serverP12 = dir.resolve("server.p12");
        Path client = dir.resolve("client.p12");
        trustP12 = dir.resolve("trust.p12");
        caPem = dir.resolve("ca.pem");
        clientCertPem = dir.resolve("client.pem");
        clientKeyPem = dir.resolve("client-key.pem");

        keytool("-genkeypair", "-alias", "ca", "-keyalg", "RSA", "-keysize", "2048", "-dname", "CN=kcs-test-ca",
                "-ext", "bc:c", "-validity", "2", "-keystore", ca, "-storetype", "PKCS12", "-storepass", PASS);
        keytool("-exportcert", "-rfc", "-alias", "ca", "-keystore", ca, "-storepass", PASS, "-file", caPem);
        signed("server", serverP12, ca, "SAN=ip:127.0.0.1,dns:localhost", "EKU=serverAuth");
        signed("client", client, ca, "EKU=clientAuth", null);
        keytool("-exportcert", "-rfc", "-alias", "client", "-keystore", client, "-storepass", PASS, "-file",
                clientCertPem);
        keytool("-importcert", "-noprompt", "-alias", "ca", "-file", caPem, "-keystore", trustP12, "-storetype",
                "PKCS12", "-storepass", PASS);
        writePkcs8Key(client, "client", clientKeyPem);
    }

    /** A key pair in {@code store}, its certificate signed by the CA, and the chain imported back. */
    private static void signed(String alias, Path store, Path ca, String ext1, String ext2) throws Exception {
        Path csr = dir.resolve(alias + ".csr");
        Path crt = dir.resolve(alias + ".crt");
        keytool("-genkeypair", "-alias", alias, "-keyalg", "RSA", "-keysize", "2048", "-dname", "CN=" + alias,
                "-validity", "2", "-keystore", store, "-storetype", "PKCS12", "-storepass", PASS);
        keytool("-certreq", "-alias", alias, "-keystore", store, "-storepass", PASS, "-file", csr);
        List<Object> gencert = new ArrayList<>(List.of("-gencert", "-alias", "ca", "-keystore", ca, "-storepass", PASS,
                "-infile", csr, "-outfile", crt, "-rfc", "-validity", "2", "-ext", ext1));
        if (ext2 != null) {
            gencert.addAll(List.of("-ext", ext2));
        }
        keytool(gencert.toArray());
        keytool("-importcert", "-noprompt", "-alias", "ca", "-file", caPem, "-keystore", store, "-storepass", PASS);
        keytool("-importcert", "-alias", alias, "-file", crt, "-keystore", store, "-storepass", PASS);
    }

    private static void keytool(Object... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "keytool").toString());
        for (Object a : args) {
            cmd.add(a.toString());
        }
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IllegalStateException("keytool " + args[0] + " failed: " + out);
        }
    }

    private static void writePkcs8Key(Path store, String alias, Path pem) throws Exception {
        KeyStore ks = KeyStore.getInstance("PKCS12");
        try (InputStream in = new FileInputStream(store.toFile())) {
            ks.load(in, PASS.toCharArray());
        }
        PrivateKey key = (PrivateKey) ks.getKey(alias, PASS.toCharArray());
        String b64 = Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(key.getEncoded());
        Files.writeString(pem, "-----BEGIN PRIVATE KEY-----\n" + b64 + "\n-----END PRIVATE KEY-----\n");
    }

    @BeforeEach
    void start() {
        tlsServer = new WireMockServer(WireMockConfiguration.options().bindAddress("127.0.0.1").httpDisabled(true)
                .dynamicHttpsPort().keystorePath(serverP12.toString()).keystorePassword(PASS).keyManagerPassword(PASS)
                .keystoreType("PKCS12"));
        mtlsServer = new WireMockServer(WireMockConfiguration.options().bindAddress("127.0.0.1").httpDisabled(true)
                .dynamicHttpsPort().keystorePath(serverP12.toString()).keystorePassword(PASS).keyManagerPassword(PASS)
                .keystoreType("PKCS12").needClientAuth(true).trustStorePath(trustP12.toString())
                .trustStorePassword(PASS).trustStoreType("PKCS12"));
        tlsServer.start();
        mtlsServer.start();
        for (WireMockServer s : List.of(tlsServer, mtlsServer)) {
            s.stubFor(get(urlPathEqualTo("/")).willReturn(aResponse().withStatus(200).withBody(INFO)));
        }
        vertx = Vertx.vertx();
    }

    @AfterEach
    void stop() {
        clients.forEach(KongAdminClient::close);
        Await.result(vertx.close());
        tlsServer.stop();
        mtlsServer.stop();
    }

    private KongAdminClient client(WireMockServer server, KongAdminOptions options) {
        options.setBaseUrl("https://127.0.0.1:" + server.httpsPort()).setMaxRetries(0)
                .setConnectTimeout(Duration.ofSeconds(3)).setRequestTimeout(Duration.ofSeconds(5));
        KongAdminClient c = KongAdminClient.create(vertx, options);
        clients.add(c);
        return c;
    }

    @Test
    void customCaIsTrusted() {
        KongInfo info = Await.result(client(tlsServer, new KongAdminOptions().setCaCertPath(caPem.toString())).info());

        assertThat(info.version()).isEqualTo("3.4.2");
    }

    @Test
    void unknownCaFailsAsTlsTransportError() {
        KongTransportException e = Await.failure(client(tlsServer, new KongAdminOptions()).info(),
                KongTransportException.class);

        assertThat(e.getMessage()).contains("TLS");
        assertThat(e.retryable()).isTrue();
    }

    @Test
    void insecureModeAcceptsAnyCertificate() {
        KongInfo info = Await.result(client(tlsServer, new KongAdminOptions().setInsecureSkipTlsVerify(true)).info());

        assertThat(info.database()).isEqualTo("postgres");
    }

    @Test
    void mutualTlsWithClientCertificate() {
        KongAdminOptions withCert = new KongAdminOptions().setCaCertPath(caPem.toString())
                .setClientCert(clientCertPem.toString(), clientKeyPem.toString());

        KongInfo info = Await.result(client(mtlsServer, withCert).info());
        Throwable without = Await.failure(client(mtlsServer, new KongAdminOptions().setCaCertPath(caPem.toString()))
                .info());

        assertThat(info.version()).isEqualTo("3.4.2");
        assertThat(without).isInstanceOf(KongTransportException.class);
    }

    @Test
    void missingPemFilesAreRejectedAtCreationNamingTheSetting() {
        KongAdminOptions o = new KongAdminOptions().setBaseUrl("https://127.0.0.1:1")
                .setCaCertPath(dir.resolve("nope.pem").toString());

        assertThatThrownBy(() -> KongAdminClient.create(vertx, o))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("caCertPath");
    }
}
