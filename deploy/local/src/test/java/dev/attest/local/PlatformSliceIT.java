package dev.attest.local;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.attest.contracts.EventCatalogue;
import dev.attest.contracts.Topics;
import dev.attest.embedded.testing.ContractAssertions;
import dev.attest.embedded.testing.IndependentTotp;
import dev.attest.embedded.testing.MockOidcProvider;
import dev.attest.embedded.testing.SecretSearch;
import dev.attest.embedded.testing.TopicRecorder;
import jakarta.mail.Folder;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import jakarta.mail.Message;
import jakarta.mail.Session;
import jakarta.mail.Store;
import jakarta.mail.internet.MimeMessage;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import java.net.URI;
import java.net.URLEncoder;
import java.net.URLDecoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The first slice of the product, as a frontend sees it: real HTTP through the gateway to the four
 * services running as their own processes, with the real Kafka broker and the real SMTP server, and the
 * mails read back from the mailbox.
 */
@ExtendWith(OutputCaptureExtension.class)
class PlatformSliceIT {

    static final ObjectMapper JSON = new ObjectMapper();
    static final HttpClient HTTP = HttpClient.newHttpClient();
    static final Pattern CODE = Pattern.compile("\\b(\\d{6})\\b");
    static final Pattern LINK_TOKEN = Pattern.compile("token=(\\S+)");

    @TempDir
    static Path data;
    static LocalPlatform platform;
    static TopicRecorder topics;

    static CapturedOutput output;
    static MockOidcProvider provider;
    static final String FRONTEND = "http://127.0.0.1:9/signed-in";

    @BeforeAll
    static void start(CapturedOutput captured) throws Exception {
        output = captured;
        // A new signing key signs three seconds after the rotation here (a minute by default); every user of
        // this test calls from 127.0.0.1, so the per-address flood guard (60 a minute) is raised for them all.
        // An OpenID Connect provider on loopback, configured as the environment of the local platform allows.
        provider = MockOidcProvider.start();
        platform = LocalPlatform.start(data, Path.of(System.getProperty("attest.services.directory")),
                LocalPlatform.Ports.free(), Map.of("ATTEST_IDENTITY_SIGNING_KEYS_PUBLISH_AHEAD", "PT3S",
                        "ATTEST_RATE_LIMIT_PER_IP", "1000",
                        "ATTEST_IDENTITY_EXTERNALSIGNIN_PROVIDERS_MOCK_ISSUERURI", provider.issuerUrl("mock"),
                        "ATTEST_IDENTITY_EXTERNALSIGNIN_PROVIDERS_MOCK_CLIENTID", "attest",
                        "ATTEST_IDENTITY_EXTERNALSIGNIN_PROVIDERS_MOCK_CLIENTSECRET", "not-checked-by-the-mock",
                        "ATTEST_IDENTITY_EXTERNALSIGNIN_PROVIDERS_MOCK_DISPLAYNAME", "Mock ID",
                        "ATTEST_IDENTITY_EXTERNALSIGNIN_REDIRECTURIS", FRONTEND));
        topics = new TopicRecorder(platform.infrastructure().kafkaBootstrapServers(), Topics.IDENTITY_USER,
                Topics.MEMBERSHIP_CLIENT, Topics.MEMBERSHIP_MEMBERSHIP, Topics.MEMBERSHIP_INVITATION,
                Topics.INTERNAL_SECRET_MAIL);
    }

    @AfterAll
    static void stop() {
        if (topics != null) {
            topics.close();
        }
        if (platform != null) {
            platform.close();
        }
        if (provider != null) {
            provider.close();
        }
    }

    @Test
    void anOperatorCreatesAClientWhoseAdministratorCreatesAColleague() throws Exception {
        String operatorToken = logIn(platform.operatorEmail(), platform.operatorPassword())
                .path("accessToken").asText();
        JsonNode operator = body(get("/api/v1/me", operatorToken));
        assertThat(operator.path("operator").asBoolean()).isTrue();

        String run = UUID.randomUUID().toString().substring(0, 8);
        String adminEmail = "ada-" + run + "@acme.test";
        HttpResponse<String> client = post("/api/v1/clients", Map.of("name", "Acme Bank " + run,
                "admin", Map.of("email", adminEmail, "firstName", "Ada", "lastName", "Lovelace")), operatorToken);
        assertThat(client.statusCode()).as(client.body()).isEqualTo(201);
        String clientId = body(client).path("id").asText();
        assertThat(client.headers().firstValue("Location")).hasValue("/api/v1/clients/" + clientId);

        String adminPassword = "ada loves engines " + run;
        setPasswordFromWelcomeMail(adminEmail, adminPassword);
        JsonNode adminTokens = logIn(adminEmail, adminPassword);
        String adminToken = adminTokens.path("accessToken").asText();

        JsonNode me = body(get("/api/v1/me", adminToken));
        assertThat(me.path("email").asText()).isEqualTo(adminEmail);
        assertThat(me.path("firstName").asText()).isEqualTo("Ada");
        assertThat(me.path("mainClientId").asText()).isEqualTo(clientId);
        assertThat(me.path("secondFactorMethod").asText()).isEqualTo("EMAIL");
        assertThat(me.path("apiAccess").asBoolean()).isFalse();
        assertOneCorrelationAcrossServices(clientId, adminEmail, operator.path("id").asText());

        // The administrator's permissions reach identity-service as membership events: wait for them.
        String colleagueEmail = "grace-" + run + "@acme.test";
        HttpResponse<String> colleague = await().atMost(Duration.ofSeconds(30)).until(() -> post("/api/v1/users",
                Map.of("email", colleagueEmail, "firstName", "Grace", "lastName", "Hopper"), adminToken),
                r -> r.statusCode() != 403);
        assertThat(colleague.statusCode()).as(colleague.body()).isEqualTo(201);
        assertThat(colleague.headers().firstValue("Location")).hasValueSatisfying(l -> assertThat(l)
                .startsWith("/api/v1/users/"));

        HttpResponse<String> duplicate = post("/api/v1/users", Map.of("email", colleagueEmail.toUpperCase(),
                "firstName", "Grace", "lastName", "Twice"), adminToken);
        assertThat(duplicate.statusCode()).isEqualTo(409);
        assertThat(body(duplicate).path("type").asText()).isEqualTo("https://attest.dev/problems/email-taken");

        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(body(get("/api/v1/users", adminToken))
                .path("items").findValuesAsText("email")).containsExactlyInAnyOrder(adminEmail, colleagueEmail));

        String colleaguePassword = "grace debugs moths " + run;
        setPasswordFromWelcomeMail(colleagueEmail, colleaguePassword);
        String colleagueToken = logIn(colleagueEmail, colleaguePassword).path("accessToken").asText();
        HttpResponse<String> forbidden = post("/api/v1/users", Map.of("email", "x-" + colleagueEmail,
                "firstName", "X", "lastName", "Y"), colleagueToken);
        assertThat(forbidden.statusCode()).isEqualTo(403);
        assertThat(forbidden.headers().firstValue("Content-Type")).hasValue("application/problem+json");

        // The administrator renames the colleague; a second edit from the same read is refused, not lost.
        String colleagueId = body(get("/api/v1/me", colleagueToken)).path("id").asText();
        HttpResponse<String> read = get("/api/v1/users/" + colleagueId, adminToken);
        String etag = read.headers().firstValue("ETag").orElseThrow();
        assertThat(send("PATCH", "/api/v1/users/" + colleagueId, Map.of("lastName", "Murray Hopper"), adminToken, etag)
                .statusCode()).isEqualTo(204);
        HttpResponse<String> stale = send("PATCH", "/api/v1/users/" + colleagueId, Map.of("lastName", "Hopper"),
                adminToken, etag);
        assertThat(stale.statusCode()).isEqualTo(412);
        assertThat(body(stale).path("type").asText()).isEqualTo("https://attest.dev/problems/precondition-failed");

        // Disabled, the colleague's live access token is refused at the gateway within a second.
        assertThat(get("/api/v1/me", colleagueToken).statusCode()).isEqualTo(200);
        assertThat(send("POST", "/api/v1/users/" + colleagueId + "/disable", Map.of(), adminToken, null).statusCode())
                .isEqualTo(204);
        assertRefusedAtTheGatewayWithinASecond("A disabled user", "/api/v1/me", colleagueToken);

        HttpResponse<String> refreshed = post("/api/v1/auth/refresh",
                Map.of("refreshToken", adminTokens.path("refreshToken").asText()), null);
        assertThat(refreshed.statusCode()).isEqualTo(200);
        String rotated = body(refreshed).path("refreshToken").asText();
        assertThat(post("/api/v1/auth/logout", Map.of("refreshToken", rotated), null).statusCode()).isEqualTo(204);
        assertThat(post("/api/v1/auth/refresh", Map.of("refreshToken", rotated), null).statusCode()).isEqualTo(401);

        String refreshSecret = rotated.substring(rotated.indexOf('.') + 1);
        assertNoSecretAnywhere(adminPassword, colleaguePassword, platform.operatorPassword(), refreshSecret,
                adminToken);
    }

    /**
     * The operator's request created the client (membership-service), which created the administrator
     * (identity-service), who got her main membership (membership-service again): one correlation id and the
     * operator as actor on every event of the chain, and every record on the catalogue's topics conforms.
     */
    private void assertOneCorrelationAcrossServices(String clientId, String adminEmail, String operatorId)
            throws Exception {
        JsonNode client = recordOf("ClientCreated.v1", clientId).path("context");
        JsonNode admin = recordOf("UserCreated.v1", adminEmail).path("context");
        JsonNode membership = recordOf("MembershipStarted.v1", admin.path("aggregateId").asText()).path("context");
        for (JsonNode caused : List.of(client, admin, membership)) {
            assertThat(caused.path("correlationId").asText()).isEqualTo(client.path("correlationId").asText());
            assertThat(caused.path("actor").asText()).isEqualTo(operatorId);
        }
        Set<String> catalogueTopics = EventCatalogue.ALL.stream().map(EventCatalogue.Entry::topic).collect(Collectors.toSet());
        List<ConsumerRecord<byte[], byte[]>> records = TopicRecorder.readToEnd(
                platform.infrastructure().kafkaBootstrapServers(), catalogueTopics::contains);
        assertThat(records).hasSizeGreaterThanOrEqualTo(3);
        records.forEach(ContractAssertions::assertConforms);
    }

    private static JsonNode recordOf(String type, String bodyContains) throws Exception {
        return JSON.readTree(await().atMost(Duration.ofSeconds(30))
                .until(() -> topics.ofType(type, b -> b.contains(bodyContains)), l -> !l.isEmpty()).get(0).value());
    }

    /** Read from the mailboxes as a person would: current address, then new address, then undone from the old. */
    @Test
    void anAdministratorChangesHerAddressConfirmedAtBothAndTheOldOneUndoesIt() throws Exception {
        String operatorToken = logIn(platform.operatorEmail(), platform.operatorPassword()).path("accessToken").asText();
        String run = UUID.randomUUID().toString().substring(0, 8);
        String oldEmail = "hedy-" + run + "@acme.test";
        String newEmail = "hedy.lamarr-" + run + "@acme.test";
        assertThat(post("/api/v1/clients", Map.of("name", "Frequency Hopping " + run, "admin", Map.of("email", oldEmail,
                "firstName", "Hedy", "lastName", "Lamarr")), operatorToken).statusCode()).isEqualTo(201);
        String password = "spread spectrum " + run;
        setPasswordFromWelcomeMail(oldEmail, password);
        String token = logIn(oldEmail, password).path("accessToken").asText();

        assertThat(post("/api/v1/me/email-change", Map.of("newEmail", newEmail), token).statusCode()).isEqualTo(202);
        assertThat(post("/api/v1/me/email-change/confirm", Map.of("code", codeIn(awaitMail(oldEmail, "Confirm the change"))),
                token).statusCode()).isEqualTo(202);
        assertThat(post("/api/v1/me/email-change/verify", Map.of("code", codeIn(awaitMail(newEmail, "Verify your new"))),
                token).statusCode()).isEqualTo(204);
        logIn(newEmail, password);

        String notice = awaitMail(oldEmail, "was changed");
        Matcher link = LINK_TOKEN.matcher(notice);
        assertThat(link.find()).as(notice).isTrue();
        assertThat(post("/api/v1/auth/email-change/revert",
                Map.of("token", URLDecoder.decode(link.group(1), StandardCharsets.UTF_8)), null).statusCode()).isEqualTo(204);
        assertThat(post("/api/v1/auth/login", Map.of("email", oldEmail, "password", password), null).statusCode())
                .as("the password went with the undone change").isEqualTo(401);
        String newPassword = "after the scare " + run;
        Matcher reset = LINK_TOKEN.matcher(awaitMail(oldEmail, "Reset your Attest password"));
        assertThat(reset.find()).isTrue();
        assertThat(post("/api/v1/auth/password/set", Map.of("token", URLDecoder.decode(reset.group(1),
                StandardCharsets.UTF_8), "password", newPassword), null).statusCode()).isEqualTo(204);
        logIn(oldEmail, newPassword);
    }

    /**
     * An authenticator app set up from its otpauth URI with a TOTP implementation of the test's own, a code
     * used once, a recovery code used once; then her client requires an app, and her colleague is led
     * through its set-up at login before getting tokens.
     */
    @Test
    void anAdministratorSetsUpAnAppThenHerClientRequiresOneAndHerColleagueSetsItUpAtLogin() throws Exception {
        String operatorToken = logIn(platform.operatorEmail(), platform.operatorPassword()).path("accessToken").asText();
        String run = UUID.randomUUID().toString().substring(0, 8);
        String email = "katherine-" + run + "@acme.test";
        HttpResponse<String> client = post("/api/v1/clients", Map.of("name", "Orbital Mechanics " + run, "admin",
                Map.of("email", email, "firstName", "Katherine", "lastName", "Johnson")), operatorToken);
        String clientId = body(client).path("id").asText();
        String password = "trajectories by hand " + run;
        setPasswordFromWelcomeMail(email, password);
        String token = logIn(email, password).path("accessToken").asText();

        // Re-authenticated (password, then a fresh mailed code), she starts the set-up and scans the URI.
        int codesBefore = mails(email, "login code").size();
        JsonNode reauthentication = body(post("/api/v1/me/reauthentication", Map.of("password", password), token));
        String mailed = await().atMost(Duration.ofSeconds(30)).until(() -> mails(email, "login code"),
                m -> m.size() > codesBefore).get(codesBefore);
        String reauthenticated = body(post("/api/v1/me/reauthentication/confirm", Map.of("challengeId",
                reauthentication.path("challengeId").asText(), "code", codeIn(mailed)), token))
                .path("reauthenticationToken").asText();
        HttpResponse<String> started = HTTP.send(HttpRequest.newBuilder(URI.create(platform.gatewayUrl()
                        + "/api/v1/me/two-factor/totp")).header("Authorization", "Bearer " + token)
                .header("Reauthentication", reauthenticated).POST(HttpRequest.BodyPublishers.noBody()).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(started.statusCode()).as(started.body()).isEqualTo(200);
        JsonNode setup = body(started);
        IndependentTotp app = IndependentTotp.fromUri(setup.path("otpauthUri").asText());
        HttpResponse<String> confirmed = post("/api/v1/me/two-factor/totp/confirm", Map.of("setupId",
                setup.path("setupId").asText(), "code", app.codeAt(Instant.now())), token);
        assertThat(confirmed.statusCode()).as(confirmed.body()).isEqualTo(200);
        List<String> recoveryCodes = new ArrayList<>();
        for (JsonNode code : body(confirmed).path("recoveryCodes")) {
            recoveryCodes.add(code.asText());
        }
        assertThat(recoveryCodes).hasSize(10);
        awaitMail(email, "authenticator app protects");

        // Her next login asks the app; a code works once; a recovery code works once.
        String code = app.codeOfStep(Instant.now().getEpochSecond() / 30 + 1);
        assertThat(post("/api/v1/auth/login/second-factor", Map.of("challengeId", totpChallenge(email, password),
                "code", code), null).statusCode()).isEqualTo(200);
        String replayed = totpChallenge(email, password);
        HttpResponse<String> replay = post("/api/v1/auth/login/second-factor", Map.of("challengeId", replayed,
                "code", code), null);
        assertThat(replay.statusCode()).isEqualTo(401);
        assertThat(body(replay).path("type").asText()).isEqualTo("https://attest.dev/problems/wrong-code");
        assertThat(post("/api/v1/auth/login/second-factor", Map.of("challengeId", replayed,
                "recoveryCode", recoveryCodes.get(0)), null).statusCode()).isEqualTo(200);
        assertThat(post("/api/v1/auth/login/second-factor", Map.of("challengeId", totpChallenge(email, password),
                "recoveryCode", recoveryCodes.get(0)), null).statusCode()).isEqualTo(401);
        awaitMail(email, "recovery code was used");

        // Her client requires an app now (served by identity-service behind the same gateway path).
        HttpResponse<String> policy = await().atMost(Duration.ofSeconds(30)).until(() -> send("PATCH",
                "/api/v1/clients/" + clientId + "/policy", Map.of("requireAuthenticatorApp", true), token, null),
                r -> r.statusCode() != 403);
        assertThat(policy.statusCode()).as(policy.body()).isEqualTo(200);
        assertThat(body(get("/api/v1/clients/" + clientId + "/policy", token)).path("requireTwoFactor").asBoolean())
                .isTrue();
        String colleagueEmail = "dorothy-" + run + "@acme.test";
        assertThat(post("/api/v1/users", Map.of("email", colleagueEmail, "firstName", "Dorothy", "lastName", "Vaughan"),
                token).statusCode()).isEqualTo(201);
        String colleaguePassword = "fortran for the computers " + run;
        setPasswordFromWelcomeMail(colleagueEmail, colleaguePassword);
        int before = mails(colleagueEmail, "login code").size();
        JsonNode challenge = body(post("/api/v1/auth/login", Map.of("email", colleagueEmail, "password",
                colleaguePassword), null));
        String colleagueCode = codeIn(await().atMost(Duration.ofSeconds(30)).until(
                () -> mails(colleagueEmail, "login code"), m -> m.size() > before).get(before));
        JsonNode required = body(post("/api/v1/auth/login/second-factor", Map.of("challengeId",
                challenge.path("challengeId").asText(), "code", colleagueCode), null));
        assertThat(required.path("status").asText()).as(required.toString()).isEqualTo("SETUP_REQUIRED");
        assertThat(required.has("accessToken")).isFalse();
        IndependentTotp colleagueApp = IndependentTotp.fromUri(required.path("otpauthUri").asText());
        HttpResponse<String> tokens = post("/api/v1/auth/login/totp/confirm", Map.of("setupId",
                required.path("setupId").asText(), "code", colleagueApp.codeAt(Instant.now())), null);
        assertThat(tokens.statusCode()).as(tokens.body()).isEqualTo(200);
        assertThat(get("/api/v1/me", body(tokens).path("accessToken").asText()).statusCode()).isEqualTo(200);
        assertThat(body(get("/api/v1/me/two-factor", body(tokens).path("accessToken").asText())).path("method").asText())
                .isEqualTo("TOTP");

        List<String> secrets = new ArrayList<>(recoveryCodes);
        body(tokens).path("recoveryCodes").forEach(c -> secrets.add(c.asText()));
        secrets.addAll(List.of(password, colleaguePassword, setup.path("secret").asText(),
                required.path("secret").asText(), reauthenticated));
        assertNoSecretAnywhere(secrets.toArray(String[]::new));
    }

    /**
     * Through the gateway: an administrator of one client invites a user of another, who sees the invitation (and
     * a mail), accepts, switches to that client, can do there what her group allows and no more, joins a joinable
     * group but not another one, leaves the client, and her token for it is refused within a second.
     */
    @Test
    void aUserOfAnotherClientIsInvitedAcceptsSwitchesJoinsAGroupAndLeaves() throws Exception {
        String operatorToken = logIn(platform.operatorEmail(), platform.operatorPassword()).path("accessToken").asText();
        String run = UUID.randomUUID().toString().substring(0, 8);
        String adaEmail = "ada-" + run + "@acme.test";
        String beaEmail = "bea-" + run + "@bank.test";
        ClientAdministrator acmeAdmin = newClient(operatorToken, "Acme " + run, adaEmail, "Ada", "Lovelace");
        ClientAdministrator bankAdmin = newClient(operatorToken, "Bank " + run, beaEmail, "Bea", "Bauer");
        String acme = acmeAdmin.clientId();
        String bank = bankAdmin.clientId();
        String ada = acmeAdmin.token();
        String bea = bankAdmin.token();

        HttpResponse<String> readers = await().atMost(Duration.ofSeconds(30)).until(() -> post("/api/v1/groups",
                Map.of("name", "Readers", "permissions", List.of("USERS_READ", "GROUPS_JOIN")), ada),
                r -> r.statusCode() != 403);
        assertThat(readers.statusCode()).as(readers.body()).isEqualTo(201);
        String readersId = body(readers).path("id").asText();
        String newsId = body(post("/api/v1/groups", Map.of("name", "Newsletter", "permissions", List.of("AUDIT_READ"),
                "joinable", true), ada)).path("id").asText();
        String auditorsId = body(post("/api/v1/groups", Map.of("name", "Auditors", "permissions", List.of("AUDIT_READ")),
                ada)).path("id").asText();

        HttpResponse<String> invited = post("/api/v1/invitations", Map.of("email", beaEmail, "groupId", readersId), ada);
        assertThat(invited.statusCode()).as(invited.body()).isEqualTo(201);
        String invitationId = body(invited).path("id").asText();
        JsonNode inbox = await().atMost(Duration.ofSeconds(10)).until(() -> body(get("/api/v1/me/invitations", bea))
                .path("items"), items -> items.size() == 1);
        assertThat(inbox.get(0).path("clientName").asText()).isEqualTo("Acme " + run);
        assertThat(inbox.get(0).path("inviterName").asText()).isEqualTo("Ada Lovelace");
        assertThat(awaitMail(beaEmail, "invites you to Acme " + run)).contains("Hello Bea", "\"Readers\"",
                "/invitations");

        HttpResponse<String> accepted = post("/api/v1/me/invitations/" + invitationId + "/accept", Map.of(), bea);
        assertThat(accepted.statusCode()).as(accepted.body()).isEqualTo(200);
        assertThat(body(get("/api/v1/me/invitations", bea)).path("items")).isEmpty();
        await().atMost(Duration.ofSeconds(10)).until(() -> body(get("/api/v1/me/clients", bea)).path("items").size() == 2);
        HttpResponse<String> switched = post("/api/v1/auth/switch-client", Map.of("clientId", acme), bea);
        assertThat(switched.statusCode()).as(switched.body()).isEqualTo(200);
        String guest = body(switched).path("accessToken").asText();

        // What Readers allows, in Acme only.
        assertThat(get("/api/v1/users", guest).statusCode()).isEqualTo(200);
        assertThat(get("/api/v1/groups", guest).statusCode()).isEqualTo(200);
        HttpResponse<String> noManaging = post("/api/v1/users", Map.of("email", "x-" + run + "@acme.test",
                "firstName", "X", "lastName", "Y"), guest);
        assertThat(body(noManaging).path("type").asText()).endsWith("/missing-permission");
        assertThat(post("/api/v1/invitations", Map.of("email", "y-" + run + "@y.test", "groupId", readersId), guest)
                .statusCode()).isEqualTo(403);
        assertThat(get("/api/v1/clients/" + bank, guest).statusCode()).as("her main client is not this token's")
                .isEqualTo(404);

        assertThat(send("PUT", "/api/v1/me/groups/" + newsId, Map.of(), guest, null).statusCode()).isEqualTo(204);
        JsonNode mine = body(get("/api/v1/me/groups", guest)).path("items");
        assertThat(mine.findValuesAsText("name")).containsExactly("Newsletter", "Readers");
        assertThat(mine.findValues("member")).extracting(JsonNode::asBoolean).containsOnly(true);
        HttpResponse<String> notJoinable = send("PUT", "/api/v1/me/groups/" + auditorsId, Map.of(), guest, null);
        assertThat(notJoinable.statusCode()).isEqualTo(403);
        assertThat(body(notJoinable).path("type").asText()).endsWith("/group-not-joinable");

        assertThat(send("DELETE", "/api/v1/me/clients/" + acme, Map.of(), guest, null).statusCode()).isEqualTo(204);
        assertRefusedAtTheGatewayWithinASecond("A departed guest", "/api/v1/me", guest);
        assertThat(post("/api/v1/auth/refresh", Map.of("refreshToken", body(switched).path("refreshToken").asText()),
                null).statusCode()).isEqualTo(401);
        HttpResponse<String> mainClient = send("DELETE", "/api/v1/me/clients/" + bank, Map.of(), bea, null);
        assertThat(body(mainClient).path("type").asText()).endsWith("/main-client");
        assertThat(body(get("/api/v1/groups", ada)).path("items").findValuesAsText("name")).contains("Readers");
    }

    /**
     * Through the gateway: an administrator grants a colleague without any group API access; the colleague creates
     * a key and obtains a token (client credentials), which may do what no group of theirs allows in the main
     * client, and nothing in a client they are a guest of; the key revoked, the same token is refused within a second.
     */
    @Test
    void anApiKeysTokenActsInTheMainClientAloneAndStopsWhenTheKeyIsRevoked() throws Exception {
        String operatorToken = logIn(platform.operatorEmail(), platform.operatorPassword()).path("accessToken").asText();
        String run = UUID.randomUUID().toString().substring(0, 8);
        String adaEmail = "ada-api-" + run + "@acme.test";
        String beaEmail = "bea-api-" + run + "@bank.test";
        String carlEmail = "carl-api-" + run + "@acme.test";
        String ada = newClient(operatorToken, "Acme API " + run, adaEmail, "Ada", "Lovelace").token();
        ClientAdministrator bankAdmin = newClient(operatorToken, "Bank API " + run, beaEmail, "Bea", "Bauer");
        String bank = bankAdmin.clientId();
        String bea = bankAdmin.token();
        HttpResponse<String> carlCreated = await().atMost(Duration.ofSeconds(30)).until(() -> post("/api/v1/users",
                Map.of("email", carlEmail, "firstName", "Carl", "lastName", "Coder"), ada), r -> r.statusCode() != 403);
        String carlId = body(carlCreated).path("id").asText();
        setPasswordFromWelcomeMail(carlEmail, "carl automates things " + run);
        String carl = logIn(carlEmail, "carl automates things " + run).path("accessToken").asText();

        // Carl is a guest of Bea's bank too.
        String readers = await().atMost(Duration.ofSeconds(30)).until(() -> post("/api/v1/groups", Map.of("name",
                "Readers", "permissions", List.of("USERS_READ")), bea), r -> r.statusCode() != 403).body();
        String invitation = body(post("/api/v1/invitations", Map.of("email", carlEmail, "groupId",
                JSON.readTree(readers).path("id").asText()), bea)).path("id").asText();
        await().atMost(Duration.ofSeconds(10)).until(() -> post("/api/v1/me/invitations/" + invitation + "/accept",
                Map.of(), carl).statusCode() == 200);

        assertThat(send("PUT", "/api/v1/users/" + carlId + "/api-access", Map.of("enabled", true), ada, null)
                .statusCode()).isEqualTo(200);
        HttpResponse<String> key = await().atMost(Duration.ofSeconds(10)).until(() -> post("/api/v1/me/api-keys",
                Map.of("name", "deploy bot"), carl), r -> r.statusCode() != 409);
        assertThat(key.statusCode()).as(key.body()).isEqualTo(201);
        String keyId = body(key).path("clientId").asText();
        String secret = body(key).path("clientSecret").asText();
        HttpResponse<String> granted = HTTP.send(HttpRequest.newBuilder(URI.create(platform.gatewayUrl()
                        + "/api/v1/auth/token")).header("Content-Type", "application/x-www-form-urlencoded")
                .header("Authorization", "Basic " + java.util.Base64.getEncoder().encodeToString((keyId + ":"
                        + URLEncoder.encode(secret, StandardCharsets.UTF_8)).getBytes(StandardCharsets.UTF_8)))
                .POST(HttpRequest.BodyPublishers.ofString("grant_type=client_credentials")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(granted.statusCode()).as(granted.body()).isEqualTo(200);
        String api = body(granted).path("access_token").asText();

        // Carl is in no group of Acme, yet his API token manages its groups; in the bank it can do nothing.
        assertThat(post("/api/v1/groups", Map.of("name", "Bots", "permissions", List.of("AUDIT_READ")), carl)
                .statusCode()).isEqualTo(403);
        HttpResponse<String> made = post("/api/v1/groups", Map.of("name", "Bots", "permissions", List.of("AUDIT_READ")),
                api);
        assertThat(made.statusCode()).as(made.body()).isEqualTo(201);
        for (HttpResponse<String> refused : List.of(get("/api/v1/clients/" + bank, api),
                post("/api/v1/auth/switch-client", Map.of("clientId", bank), api),
                send("DELETE", "/api/v1/me/clients/" + bank, Map.of(), api, null))) {
            assertThat(refused.statusCode()).as(refused.body()).isEqualTo(403);
            assertThat(body(refused).path("type").asText()).endsWith("/api-token-main-client-only");
        }

        assertThat(send("DELETE", "/api/v1/me/api-keys/" + keyId, Map.of(), carl, null).statusCode()).isEqualTo(204);
        assertRefusedAtTheGatewayWithinASecond("A revoked API key", "/api/v1/groups", api);
        assertNoSecretAnywhere(secret.substring("attest_sk_".length()), api);
    }

    /** Through the gateway: a user's sessions, with the address the gateway saw, and one of them ended. */
    @Test
    void aUserSeesHerSessionsAndEndsOne() throws Exception {
        String operatorToken = logIn(platform.operatorEmail(), platform.operatorPassword()).path("accessToken").asText();
        String run = UUID.randomUUID().toString().substring(0, 8);
        String email = "margaret-" + run + "@acme.test";
        assertThat(post("/api/v1/clients", Map.of("name", "Apollo Guidance " + run, "admin", Map.of("email", email,
                "firstName", "Margaret", "lastName", "Hamilton")), operatorToken).statusCode()).isEqualTo(201);
        String password = "priority displays " + run;
        setPasswordFromWelcomeMail(email, password);
        JsonNode here = logIn(email, password);
        JsonNode there = logIn(email, password);
        String token = here.path("accessToken").asText();
        String thereSession = there.path("refreshToken").asText().split("\\.")[0];

        JsonNode sessions = await().atMost(Duration.ofSeconds(10)).until(() -> body(get("/api/v1/me/sessions", token))
                .path("items"), items -> items.size() == 2);
        assertThat(sessions.findValuesAsText("ipAddress")).containsOnly("127.0.0.1");
        assertThat(sessions.findValuesAsText("userAgent")).allSatisfy(agent -> assertThat(agent).startsWith("Java-http-client"));
        assertThat(sessions.findValues("current")).extracting(JsonNode::asBoolean).containsExactlyInAnyOrder(true, false);

        HttpResponse<String> ended = send("DELETE", "/api/v1/me/sessions/" + thereSession, Map.of(), token, null);
        assertThat(ended.statusCode()).as(ended.body()).isEqualTo(204);
        assertThat(post("/api/v1/auth/refresh", Map.of("refreshToken", there.path("refreshToken").asText()), null)
                .statusCode()).isEqualTo(401);
        assertThat(post("/api/v1/auth/refresh", Map.of("refreshToken", here.path("refreshToken").asText()), null)
                .statusCode()).isEqualTo(200);
    }

    /**
     * The operator rotates the signing key; tokens of the new key and of the old one are accepted by the
     * gateway and by every service behind it (they fetch the key set again for the unknown key).
     */
    @Test
    void afterAKeyRotationTokensOfBothKeysWorkEverywhere() throws Exception {
        String before = logIn(platform.operatorEmail(), platform.operatorPassword()).path("accessToken").asText();
        HttpResponse<String> rotated = post("/api/v1/signing-keys/rotate", Map.of(), before);
        assertThat(rotated.statusCode()).as(rotated.body()).isEqualTo(202);
        String newKid = body(rotated).path("kid").asText();
        assertThat(body(get("/.well-known/jwks.json", null)).path("keys").findValuesAsText("kid"))
                .contains(newKid, kidOf(before));

        String after = await().atMost(Duration.ofSeconds(30)).until(() -> logIn(platform.operatorEmail(),
                platform.operatorPassword()).path("accessToken").asText(), token -> newKid.equals(kidOf(token)));
        for (String token : List.of(before, after)) {
            assertThat(get("/api/v1/me", token).statusCode()).as("identity").isEqualTo(200);
            assertThat(get("/api/v1/clients/" + UUID.randomUUID(), token).statusCode()).as("membership").isEqualTo(404);
            assertThat(get("/api/v1/notifications/deliveries?limit=1", token).statusCode()).as("notification")
                    .isEqualTo(200);
        }
    }

    private static String kidOf(String accessToken) {
        try {
            return com.nimbusds.jwt.SignedJWT.parse(accessToken).getHeader().getKeyID();
        } catch (java.text.ParseException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * A user made to sign in with an OpenID Connect provider does so through the gateway with the whole
     * redirect dance, gets tokens for the one-time code, and is refused a password everywhere; the provider
     * vouching for a password user's address gets nobody in.
     */
    @Test
    void aUserSignsInThroughAnExternalProviderAndNeverWithAPassword() throws Exception {
        String operatorToken = logIn(platform.operatorEmail(), platform.operatorPassword()).path("accessToken").asText();
        String run = UUID.randomUUID().toString().substring(0, 8);
        String adminEmail = "barbara-" + run + "@acme.test";
        String clientId = body(post("/api/v1/clients", Map.of("name", "Liskov Substitutions " + run, "admin",
                Map.of("email", adminEmail, "firstName", "Barbara", "lastName", "Liskov")), operatorToken)).path("id").asText();
        String adminPassword = "abstract data types " + run;
        setPasswordFromWelcomeMail(adminEmail, adminPassword);
        String admin = logIn(adminEmail, adminPassword).path("accessToken").asText();
        HttpResponse<String> allowed = await().atMost(Duration.ofSeconds(30)).until(() -> send("PATCH",
                "/api/v1/clients/" + clientId + "/policy", Map.of("allowedProviders", List.of("mock")), admin, null),
                r -> r.statusCode() != 403);
        assertThat(allowed.statusCode()).as(allowed.body()).isEqualTo(200);
        String email = "frances-" + run + "@acme.test";
        assertThat(post("/api/v1/users", Map.of("email", email, "firstName", "Frances", "lastName", "Allen",
                "signIn", Map.of("provider", "mock")), admin).statusCode()).isEqualTo(201);
        assertThat(awaitMail(email, "sign in with Mock ID")).contains("Sign in with Mock ID");

        provider.willSay("mock", "frances-at-mock-" + run, List.of("attest"), Map.of("email", email, "email_verified", true));
        URI landed = throughTheProvider();
        assertThat(landed.toString()).startsWith(FRONTEND + "?code=");
        String code = URLDecoder.decode(landed.getRawQuery().substring("code=".length()), StandardCharsets.UTF_8);
        HttpResponse<String> tokens = post("/api/v1/auth/oauth2/exchange", Map.of("code", code), null);
        assertThat(tokens.statusCode()).as(tokens.body()).isEqualTo(200);
        String token = body(tokens).path("accessToken").asText();
        assertThat(body(get("/api/v1/me", token)).path("email").asText()).isEqualTo(email);

        HttpResponse<String> noPassword = send("PUT", "/api/v1/me/password", Map.of("currentPassword", "x",
                "newPassword", "a brand new passphrase"), token, null);
        assertThat(noPassword.statusCode()).isEqualTo(409);
        assertThat(body(noPassword).path("type").asText()).isEqualTo("https://attest.dev/problems/external-sign-in");
        assertThat(post("/api/v1/auth/password/forgot", Map.of("email", email), null).statusCode()).isEqualTo(202);
        assertThat(awaitMail(email, "You sign in to Attest with")).contains("Mock ID");
        assertThat(mails(email, "Reset your Attest password")).isEmpty();

        provider.willSay("mock", "intruder-" + run, List.of("attest"), Map.of("email", adminEmail, "email_verified", true));
        assertThat(throughTheProvider()).isEqualTo(URI.create(FRONTEND + "?error=not-an-external-account"));
    }

    /** A browser starting a sign-in at the gateway, passing the provider, and landing at the frontend. */
    private URI throughTheProvider() throws Exception {
        HttpResponse<String> start = get("/api/v1/auth/oauth2/mock?redirect_uri=" + FRONTEND, null);
        assertThat(start.statusCode()).as(start.body()).isEqualTo(302);
        HttpResponse<String> atProvider = HTTP.send(HttpRequest.newBuilder(URI.create(
                start.headers().firstValue("Location").orElseThrow())).GET().build(), HttpResponse.BodyHandlers.ofString());
        assertThat(atProvider.statusCode()).isEqualTo(302);
        URI callback = URI.create(atProvider.headers().firstValue("Location").orElseThrow());
        assertThat(callback.toString()).startsWith(platform.gatewayUrl() + "/api/v1/auth/oauth2/mock/callback?");
        HttpResponse<String> back = HTTP.send(HttpRequest.newBuilder(callback).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(back.statusCode()).as(back.body()).isEqualTo(302);
        return URI.create(back.headers().firstValue("Location").orElseThrow());
    }

    /** The password step of a user with an app: the challenge asks for its code. */
    private String totpChallenge(String email, String password) throws Exception {
        JsonNode challenge = body(post("/api/v1/auth/login", Map.of("email", email, "password", password), null));
        assertThat(challenge.path("method").asText()).as(challenge.toString()).isEqualTo("TOTP");
        return challenge.path("challengeId").asText();
    }

    private static String codeIn(String mail) {
        Matcher code = CODE.matcher(mail);
        assertThat(code.find()).as(mail).isTrue();
        return code.group(1);
    }

    @Test
    void theMailboxCanBeReadOverImapWithTheAddressAsLoginAndPassword() throws Exception {
        String email = platform.operatorEmail();
        Store store = Session.getInstance(new Properties()).getStore("imap");
        int before = imapCount(store, email);
        post("/api/v1/auth/login", Map.of("email", email, "password", platform.operatorPassword()), null);
        await().atMost(Duration.ofSeconds(20)).ignoreExceptions()
                .untilAsserted(() -> assertThat(imapCount(store, email)).as("a new mail").isGreaterThan(before));
    }

    private static int imapCount(Store store, String address) throws Exception {
        store.connect("127.0.0.1", platform.infrastructure().imapPort(), address, address);
        try {
            Folder inbox = store.getFolder("INBOX");
            if (!inbox.exists()) {
                return 0;
            }
            inbox.open(Folder.READ_ONLY);
            int count = inbox.getMessageCount();
            inbox.close(false);
            return count;
        } finally {
            store.close();
        }
    }

    @Test
    void theGatewayAnswersWithProblems() throws Exception {
        HttpResponse<String> noToken = get("/api/v1/me", null);
        assertThat(noToken.statusCode()).isEqualTo(401);
        assertThat(noToken.headers().firstValue("Content-Type")).hasValue("application/problem+json");

        HttpResponse<String> badToken = get("/api/v1/users", "not.a.jwt");
        assertThat(badToken.statusCode()).isEqualTo(401);

        String token = logIn(platform.operatorEmail(), platform.operatorPassword()).path("accessToken").asText();
        HttpResponse<String> unknown = get("/api/v1/no-such-thing", token);
        assertThat(unknown.statusCode()).isEqualTo(404);
        assertThat(body(unknown).path("type").asText()).isEqualTo("https://attest.dev/problems/not-found");

        String target = "victim-" + UUID.randomUUID() + "@acme.test";
        List<Integer> statuses = new ArrayList<>();
        for (int attempt = 1; attempt <= 10; attempt++) {
            statuses.add(post("/api/v1/auth/login", Map.of("email", target, "password", "guess " + attempt), null)
                    .statusCode());
        }
        assertThat(statuses).containsOnly(401);
        HttpResponse<String> limited = post("/api/v1/auth/login", Map.of("email", target, "password", "again"), null);
        assertThat(limited.statusCode()).as("the eleventh attempt in a row waits").isEqualTo(429);
        assertThat(limited.headers().firstValue("Retry-After")).hasValue("1");
        assertThat(body(limited).path("type").asText()).isEqualTo("https://attest.dev/problems/login-throttled");
    }

    @Test
    void onlyTheGatewayListensBeyondLoopback() throws Exception {
        assumeTrue(Files.isReadable(Path.of("/proc/net/tcp")), "listening sockets are read from Linux's /proc");
        Map<String, Long> processes = new java.util.LinkedHashMap<>(platform.processIds());
        processes.put("launcher (Kafka, MongoDB, SMTP, IMAP)", ProcessHandle.current().pid());
        List<ListeningSockets.Socket> sockets = new ArrayList<>();
        for (var process : processes.entrySet()) {
            List<ListeningSockets.Socket> own = ListeningSockets.of(process.getValue());
            assertThat(own).as(process.getKey() + " listens somewhere").isNotEmpty();
            sockets.addAll(own);
        }
        assertThat(sockets).filteredOn(socket -> !socket.address().isLoopbackAddress())
                .as("sockets listening beyond loopback")
                .allSatisfy(socket -> assertThat(socket.port()).isEqualTo(platform.gatewayPort()))
                .isNotEmpty();
        assertThat(platform.infrastructure().kafkaBootstrapServers()).startsWith("127.0.0.1:");
    }

    @Test
    void secretsAndEventStoresOnDiskAreReadableByTheirOwnerOnly() throws Exception {
        assumeTrue(data.getFileSystem().supportedFileAttributeViews().contains("posix"), "POSIX file modes");
        List<Path> files = new ArrayList<>(List.of(data.resolve("operator-password"), data.resolve("keys/mail-key.jwk"),
                data.resolve("identity/keys/signing-key.jwk"), data.resolve("identity/keys/hash-key")));
        for (String service : List.of("identity", "membership", "notification")) {
            files.add(data.resolve(service + "/eventstore.mv.db"));
        }
        for (Path file : files) {
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).as(file.toString())
                    .isEqualTo("rw-------");
        }
        for (Path directory : List.of(data.resolve("keys"), data.resolve("identity"), data.resolve("identity/keys"),
                data.resolve("membership"), data.resolve("notification"), data.resolve("kafka"), data.resolve("mongo"))) {
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(directory))).as(directory.toString())
                    .isEqualTo("rwx------");
        }
    }

    // ---------------------------------------------------------------------------------------------

    /** {@code token} is refused at the gateway within a second of what was just done; says how long it took. */
    private void assertRefusedAtTheGatewayWithinASecond(String whose, String path, String token) {
        long from = System.nanoTime();
        await().atMost(Duration.ofSeconds(1)).pollInterval(Duration.ofMillis(20))
                .until(() -> get(path, token).statusCode() == 401);
        System.out.printf("%s's token was refused at the gateway after %d ms%n", whose,
                (System.nanoTime() - from) / 1_000_000);
    }

    record ClientAdministrator(String clientId, String token) {
    }

    /** A new client whose administrator has set a password from her welcome mail and logged in. */
    private ClientAdministrator newClient(String operatorToken, String name, String email, String firstName,
                                          String lastName) throws Exception {
        HttpResponse<String> client = post("/api/v1/clients", Map.of("name", name, "admin", Map.of("email", email,
                "firstName", firstName, "lastName", lastName)), operatorToken);
        assertThat(client.statusCode()).as(client.body()).isEqualTo(201);
        String password = "the passphrase of " + email;
        setPasswordFromWelcomeMail(email, password);
        return new ClientAdministrator(body(client).path("id").asText(), logIn(email, password).path("accessToken")
                .asText());
    }

    private void setPasswordFromWelcomeMail(String email, String password) throws Exception {
        String mail = awaitMail(email, "Welcome");
        Matcher link = LINK_TOKEN.matcher(mail);
        assertThat(link.find()).as(mail).isTrue();
        String token = URLDecoder.decode(link.group(1), StandardCharsets.UTF_8);
        HttpResponse<String> set = post("/api/v1/auth/password/set", Map.of("token", token, "password", password), null);
        assertThat(set.statusCode()).as(set.body()).isEqualTo(204);
    }

    private JsonNode logIn(String email, String password) throws Exception {
        int codesBefore = mails(email, "login code").size();
        HttpResponse<String> first = post("/api/v1/auth/login", Map.of("email", email, "password", password), null);
        assertThat(first.statusCode()).as(first.body()).isEqualTo(200);
        JsonNode challenge = body(first);
        assertThat(challenge.path("status").asText()).isEqualTo("SECOND_FACTOR_REQUIRED");
        assertThat(challenge.path("method").asText()).isEqualTo("EMAIL");
        List<String> codes = await().atMost(Duration.ofSeconds(30))
                .until(() -> mails(email, "login code"), m -> m.size() > codesBefore);
        Matcher code = CODE.matcher(codes.get(codes.size() - 1));
        assertThat(code.find()).isTrue();
        HttpResponse<String> second = post("/api/v1/auth/login/second-factor",
                Map.of("challengeId", challenge.path("challengeId").asText(), "code", code.group(1)), null);
        assertThat(second.statusCode()).as(second.body()).isEqualTo(200);
        JsonNode tokens = body(second);
        assertThat(tokens.path("tokenType").asText()).isEqualTo("Bearer");
        assertThat(tokens.path("expiresIn").asInt()).isBetween(1, 600);
        return tokens;
    }

    private static String awaitMail(String recipient, String subjectPart) {
        List<String> found = await().atMost(Duration.ofSeconds(30)).until(() -> mails(recipient, subjectPart),
                m -> !m.isEmpty());
        return found.get(found.size() - 1);
    }

    private static List<String> mails(String recipient, String subjectPart) throws Exception {
        List<String> bodies = new ArrayList<>();
        for (MimeMessage message : platform.infrastructure().mail().getReceivedMessages()) {
            boolean toRecipient = Arrays.stream(message.getRecipients(Message.RecipientType.TO))
                    .anyMatch(a -> a.toString().equalsIgnoreCase(recipient));
            if (toRecipient && message.getSubject().contains(subjectPart)) {
                bodies.add(text(message));
            }
        }
        return bodies;
    }

    /**
     * No plaintext password, code, set-password token, refresh token or access token in the event stores (every
     * byte of their files, as an attacker holding the disk sees them), on Kafka, in MongoDB, in the services'
     * logs or in this test's own output.
     */
    private void assertNoSecretAnywhere(String... passwords) throws Exception {
        List<String> secrets = new ArrayList<>(List.of(passwords));
        for (MimeMessage message : platform.infrastructure().mail().getReceivedMessages()) {
            String body = text(message);
            Matcher code = CODE.matcher(body);
            if (code.find()) {
                secrets.add(code.group(1));
            }
            Matcher link = LINK_TOKEN.matcher(body);
            if (link.find()) {
                String token = URLDecoder.decode(link.group(1), StandardCharsets.UTF_8);
                secrets.add(token.substring(token.indexOf('.') + 1));
            }
        }
        assertThat(secrets).hasSizeGreaterThan(passwords.length);
        SecretSearch search = new SecretSearch();
        for (String service : List.of("identity", "membership", "notification")) {
            search.files(service + " event store", data.resolve(service + "/eventstore.mv.db"));
        }
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> new SecretSearch()
                .files("identity event store", data.resolve("identity/eventstore.mv.db"))
                .assertVisibleIn("identity event store", platform.operatorEmail()));
        search.kafka(platform.infrastructure().kafkaBootstrapServers())
                .mongo(platform.infrastructure().mongoUri(""))
                .files("service log", data.resolve("logs"))
                .text("test output", output.getAll())
                .assertVisibleIn("Kafka topic " + Topics.IDENTITY_USER, platform.operatorEmail())
                .assertVisibleIn("MongoDB attest-identity", platform.operatorEmail())
                .assertVisibleIn("service log", "Started")
                .assertNoneOf(secrets);
    }

    private static JsonNode body(HttpResponse<String> response) throws Exception {
        return JSON.readTree(response.body());
    }

    private HttpResponse<String> get(String path, String token) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(platform.gatewayUrl() + path)).GET();
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> send(String method, String path, Object body, String token, String ifMatch)
            throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(platform.gatewayUrl() + path))
                .header("Content-Type", "application/json").header("Authorization", "Bearer " + token)
                .method(method, HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body)));
        if (ifMatch != null) {
            request.header("If-Match", ifMatch);
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> post(String path, Object body, String token) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(platform.gatewayUrl() + path))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body)));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** The decoded text of a plain-text mail (the raw body may be quoted-printable). */
    private static String text(jakarta.mail.Message mail) throws Exception {
        return mail.getContent().toString();
    }
}
