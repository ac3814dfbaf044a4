package dev.roster.conformance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.volcengine.model.ServiceInfo;
import com.volcengine.model.im.BatchGetUserBody;
import com.volcengine.model.im.BatchGetUserRes;
import com.volcengine.model.im.RegisterUsersBody;
import com.volcengine.model.im.RegisterUsersBodyUsersItem;
import com.volcengine.model.im.RegisterUsersRes;
import com.volcengine.service.im.ImService;
import dev.roster.http.Tls;
import dev.roster.testing.RosterServerExtension;
import dev.roster.testing.SelfSignedCertificate;
import dev.roster.testing.SelfSignedCertificate.KeyForm;
import dev.roster.testing.SelfSignedCertificate.KeyType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.http.config.RegistryBuilder;
import org.apache.http.conn.socket.ConnectionSocketFactory;
import org.apache.http.conn.ssl.SSLConnectionSocketFactory;
import org.apache.http.impl.conn.PoolingHttpClientConnectionManager;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The official Java SDK (volc-sdk-java {@code ImService}) over HTTPS, with scheme {@code https}, against Roster
 * serving a certificate that a test authority issued (so the certificate file holds a chain; the key is PKCS#1).
 *
 * <p>How the SDK is made to trust it without weakening anything: the SDK sends through Apache HttpClient 4
 * with a pooling connection manager, and {@code setHttpClientConnectionManager} replaces that manager. The one
 * given here knows only {@code https}, through an SSL context whose trust store holds only the test authority,
 * with the default host name check. No JVM-wide setting changes.
 */
class JavaSdkHttpsTest {
    private static final int APP = 4343;
    private static final SelfSignedCertificate AUTHORITY = SelfSignedCertificate.authority(KeyType.RSA);
    private static final SelfSignedCertificate CERTIFICATE = AUTHORITY.issue(KeyType.RSA);
    private static final Path FILES = tempDir();

    @RegisterExtension
    static final RosterServerExtension SERVER = new RosterServerExtension(config -> config.tls(new Tls(
            CERTIFICATE.writeCertificate(FILES.resolve("cert.pem")),
            CERTIFICATE.writeKey(FILES.resolve("key.pem"), KeyForm.TRADITIONAL), false)));

    private static ImService im;

    @BeforeAll
    static void pointTheSdkAtRosterOverHttps() {
        im = sdk();
        PoolingHttpClientConnectionManager connections = new PoolingHttpClientConnectionManager(
                RegistryBuilder.<ConnectionSocketFactory>create()
                        .register("https", new SSLConnectionSocketFactory(AUTHORITY.clientContext(),
                                new String[] {"TLSv1.3", "TLSv1.2"}, null,
                                SSLConnectionSocketFactory.getDefaultHostnameVerifier()))
                        .build());
        im.setHttpClientConnectionManager(connections);
    }

    @AfterAll
    static void release() {
        if (im != null) {
            im.destroy();
        }
        RosterServerExtension.deleteTree(FILES);
    }

    /**
     * An ImService for Roster's https URL. {@code ImService.setScheme} and {@code setHost} would change a
     * ServiceInfo that every ImService of the JVM shares (the SDK keeps one per region in a static map), so
     * each instance here gets its own, copied from the SDK's.
     */
    private static ImService sdk() {
        ImService service = ImService.getInstance();
        ServiceInfo shared = service.getServiceInfo();
        Map<String, Object> own = new HashMap<>();
        own.put("ConnectionTimeout", shared.getConnectionTimeout());
        own.put("SocketTimeout", shared.getSocketTimeout());
        own.put("Scheme", "https");
        own.put("Host", "127.0.0.1:" + SERVER.roster().port());
        own.put("Header", shared.getHeader());
        own.put("Credentials", shared.getCredentials());
        service.setServiceInfo(new ServiceInfo(own));
        service.setAccessKey(RosterServerExtension.ROOT.accessKeyId());
        service.setSecretKey(RosterServerExtension.ROOT.secretAccessKey());
        return service;
    }

    private static Path tempDir() {
        try {
            return Files.createTempDirectory("roster-tls-sdk-");
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static RegisterUsersBody registerBody(long id, String nickName) {
        RegisterUsersBodyUsersItem user = new RegisterUsersBodyUsersItem();
        user.setUserId(id);
        user.setNickName(nickName);
        user.setTags(List.of("tls"));
        RegisterUsersBody body = new RegisterUsersBody();
        body.setAppId(APP);
        body.setUsers(List.of(user));
        return body;
    }

    @Test
    void the_sdk_registers_and_reads_back_users_over_https() throws Exception {
        RegisterUsersRes registered = im.registerUsers(registerBody(1, "Ann"));
        assertThat(registered.getResponseMetadata().getError()).isNull();
        assertThat(registered.getResult().getFailedInfos()).isNullOrEmpty();

        BatchGetUserBody get = new BatchGetUserBody();
        get.setAppId(APP);
        get.setUserIds(List.of(1L, 2L));
        BatchGetUserRes got = im.batchGetUser(get);

        assertThat(got.getResponseMetadata().getError()).isNull();
        assertThat(got.getResponseMetadata().getAction()).isEqualTo("BatchGetUser");
        assertThat(got.getResult().getUsers()).singleElement().satisfies(user -> {
            assertThat(user.getUserId()).isEqualTo(1L);
            assertThat(user.getNickName()).isEqualTo("Ann");
            assertThat(user.getTags()).containsExactly("tls");
        });
        assertThat(got.getResult().getNotFoundUsers()).containsExactly(2L);
    }

    @Test
    void an_sdk_left_with_its_default_trust_cannot_call() {
        ImService untrusting = sdk();
        try {
            assertThatThrownBy(() -> untrusting.registerUsers(registerBody(3, "Bob")))
                    .hasStackTraceContaining("PKIX path building failed");
        } finally {
            untrusting.destroy();
        }
    }
}
