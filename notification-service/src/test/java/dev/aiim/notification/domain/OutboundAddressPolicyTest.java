package dev.aiim.notification.domain;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class OutboundAddressPolicyTest {

    private static final OutboundAddressPolicy ANY_HOST = new OutboundAddressPolicy(List.of());

    /** Resolves every name to the given literal, as a hostile DNS answer would. */
    private static OutboundAddressPolicy.Resolver resolvingTo(String literal) {
        return host -> List.of(InetAddress.getByName(literal));
    }

    @ParameterizedTest
    @ValueSource(strings = {"127.0.0.1", "10.1.2.3", "172.16.0.9", "192.168.1.1", "169.254.169.254", "100.64.0.1",
            "0.0.0.0", "224.0.0.1", "198.18.0.1", "::1", "fe80::1", "fd00::1", "::ffff:127.0.0.1", "::ffff:169.254.169.254"})
    void private_loopback_link_local_and_reserved_addresses_are_refused(String address) {
        OutboundAddressPolicy.Verdict verdict = ANY_HOST.check("https://hooks.example.org/x", false, resolvingTo(address));
        assertThat(verdict.allowed()).as(address).isFalse();
        assertThat(verdict.reason()).contains("private or reserved");
    }

    @Test
    void a_public_address_is_allowed_and_pinned() throws UnknownHostException {
        OutboundAddressPolicy.Verdict verdict = ANY_HOST.check("https://hooks.slack.com/services/T/B/X", false,
                resolvingTo("34.226.36.51"));
        assertThat(verdict.allowed()).isTrue();
        assertThat(verdict.addresses()).containsExactly(InetAddress.getByName("34.226.36.51"));
    }

    @Test
    void one_private_answer_among_public_ones_is_enough_to_refuse() throws UnknownHostException {
        InetAddress good = InetAddress.getByName("34.226.36.51");
        InetAddress bad = InetAddress.getByName("10.0.0.5");
        assertThat(ANY_HOST.check("https://rebind.example.org", false, host -> List.of(good, bad)).allowed()).isFalse();
    }

    @Test
    void the_scheme_credentials_and_allow_list_are_checked_before_resolving() {
        OutboundAddressPolicy.Resolver never = host -> {
            throw new AssertionError("resolved " + host);
        };
        assertThat(ANY_HOST.check("http://hooks.example.org/x", false, never).reason()).contains("https");
        assertThat(ANY_HOST.check("https://user:pw@hooks.example.org/x", false, never).reason()).contains("credentials");
        assertThat(ANY_HOST.check("file:///etc/passwd", false, never).allowed()).isFalse();
        assertThat(ANY_HOST.check("not a url", false, never).allowed()).isFalse();
        OutboundAddressPolicy slackOnly = new OutboundAddressPolicy(List.of("hooks.slack.com", "*.webhook.office.com"));
        assertThat(slackOnly.check("https://evil.example.org/x", false, never).reason()).contains("allow-list");
        assertThat(slackOnly.check("https://acme.webhook.office.com/x", false, resolvingTo("52.96.1.1")).allowed())
                .isTrue();
        assertThat(slackOnly.check("https://webhook.office.com.evil.org/x", false, never).allowed()).isFalse();
    }

    @Test
    void an_admin_may_allow_private_networks_for_one_channel() {
        OutboundAddressPolicy.Verdict verdict = ANY_HOST.check("http://sms-gateway.internal:8080/send", true,
                resolvingTo("10.20.0.7"));
        assertThat(verdict.allowed()).isTrue();
    }

    @Test
    void a_name_that_does_not_resolve_is_refused() {
        assertThat(ANY_HOST.check("https://nowhere.invalid/x", false, host -> {
            throw new UnknownHostException(host);
        }).reason()).contains("does not resolve");
    }
}
