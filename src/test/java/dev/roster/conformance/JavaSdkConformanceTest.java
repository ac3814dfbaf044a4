package dev.roster.conformance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.alibaba.fastjson.JSON;
import com.alibaba.fastjson.JSONObject;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.volcengine.helper.Const;
import com.volcengine.model.ApiInfo;
import com.volcengine.model.Credentials;
import com.volcengine.model.ServiceInfo;
import com.volcengine.model.im.BatchGetUserBody;
import com.volcengine.model.im.BatchGetUserRes;
import com.volcengine.model.im.BatchGetUserResResultUsersItem;
import com.volcengine.model.im.BatchUpdateUserBody;
import com.volcengine.model.im.BatchUpdateUserItem;
import com.volcengine.model.im.BatchUpdateUserRes;
import com.volcengine.model.im.BatchUpdateUserTagsBody;
import com.volcengine.model.im.BatchUpdateUserTagsRes;
import com.volcengine.model.im.RegisterUsersBody;
import com.volcengine.model.im.RegisterUsersBodyUsersItem;
import com.volcengine.model.im.RegisterUsersRes;
import com.volcengine.model.im.ResponseMetadata;
import com.volcengine.model.im.UnRegisterUsersBody;
import com.volcengine.model.im.UnRegisterUsersRes;
import com.volcengine.model.im.UserBroadcastBody;
import com.volcengine.model.im.UserBroadcastRes;
import com.volcengine.model.response.RawResponse;
import com.volcengine.service.BaseServiceImpl;
import com.volcengine.service.im.ImService;
import dev.roster.testing.ApiClient;
import dev.roster.testing.BroadcastCalls;
import dev.roster.testing.RosterServerExtension;
import java.lang.reflect.Field;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.LongStream;
import org.apache.http.message.BasicHeader;
import org.apache.http.message.BasicNameValuePair;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Drives Roster only through the official Java SDK, com.volcengine:volc-sdk-java ImService, exactly
 * as an application would, with the host pointed at Roster.
 */
@Tag("behaviour")
class JavaSdkConformanceTest {
    private static final int APP = 4242;
    private static final ObjectMapper JACKSON = new ObjectMapper();

    @RegisterExtension
    static final RosterServerExtension SERVER = new RosterServerExtension();

    private static ImService im;

    @BeforeAll
    static void pointTheSdkAtRoster() {
        im = ImService.getInstance();
        im.setAccessKey(RosterServerExtension.ROOT.accessKeyId());
        im.setSecretKey(RosterServerExtension.ROOT.secretAccessKey());
        im.setScheme("http");
        im.setHost("127.0.0.1:" + SERVER.client().base().getPort());
    }

    private static RegisterUsersBodyUsersItem newUser(long id, String nickName, List<String> tags, Map<String, String> ext) {
        RegisterUsersBodyUsersItem item = new RegisterUsersBodyUsersItem();
        item.setUserId(id);
        item.setNickName(nickName);
        item.setPortrait("https://example.com/" + id + ".png");
        item.setTags(tags);
        item.setExt(ext);
        return item;
    }

    private static RegisterUsersRes register(RegisterUsersBodyUsersItem... users) throws Exception {
        RegisterUsersBody body = new RegisterUsersBody();
        body.setAppId(APP);
        body.setUsers(List.of(users));
        return im.registerUsers(body);
    }

    private static BatchGetUserRes get(Long... ids) throws Exception {
        BatchGetUserBody body = new BatchGetUserBody();
        body.setAppId(APP);
        body.setUserIds(List.of(ids));
        return im.batchGetUser(body);
    }

    private static BatchUpdateUserItem update(long id) {
        BatchUpdateUserItem item = new BatchUpdateUserItem();
        item.setUserId(id);
        return item;
    }

    private static void assertMetadata(ResponseMetadata meta, String action) {
        assertThat(meta.getError()).isNull();
        assertThat(meta.getAction()).isEqualTo(action);
        assertThat(meta.getVersion()).isEqualTo("2020-12-01");
        assertThat(meta.getService()).isEqualTo("rtc");
        assertThat(meta.getRegion()).isEqualTo("cn-north-1");
        assertThat(meta.getRequestId()).isNotBlank();
    }

    @Test
    void register_then_read_back_every_field() throws Exception {
        RegisterUsersRes registered = register(newUser(1, "Ann", List.of("vip", "cn"), Map.of("lang", "en")));
        assertMetadata(registered.getResponseMetadata(), "RegisterUsers");
        assertThat(registered.getResult().getFailedInfos()).isNullOrEmpty();

        BatchGetUserRes got = get(1L, 999L);
        assertMetadata(got.getResponseMetadata(), "BatchGetUser");
        BatchGetUserResResultUsersItem user = got.getResult().getUsers().get(0);
        assertThat(user.getAppId()).isEqualTo(APP);
        assertThat(user.getUserId()).isEqualTo(1L);
        assertThat(user.getNickName()).isEqualTo("Ann");
        assertThat(user.getPortrait()).isEqualTo("https://example.com/1.png");
        assertThat(user.getTags()).containsExactly("vip", "cn");
        assertThat(user.getExt()).containsExactly(Map.entry("lang", "en"));
        assertThat(user.getCreateTime()).isPositive().isEqualTo(user.getModifyTime());
        assertThat(got.getResult().getNotFoundUsers()).containsExactly(999L);
    }

    @Test
    void batch_update_user_applies_changes_and_reports_an_unregistered_user() throws Exception {
        register(newUser(10, "before", List.of("a"), Map.of("k1", "v1", "k2", "v2")));
        BatchUpdateUserItem change = update(10);
        change.setNickName("after");
        change.setTags(List.of("b", "c"));
        change.setExt(Map.of("k1", "", "k3", "v3"));
        BatchUpdateUserItem ghost = update(11);
        ghost.setNickName("nobody");
        BatchUpdateUserBody body = new BatchUpdateUserBody();
        body.setAppId(APP);
        body.setUsers(List.of(ghost, change));

        BatchUpdateUserRes res = im.batchUpdateUser(body);

        assertMetadata(res.getResponseMetadata(), "BatchUpdateUser");
        assertThat(res.getResult().getFailedInfos()).singleElement().satisfies(failed -> {
            assertThat(failed.getUserId()).isEqualTo(11L);
            assertThat(failed.getCode()).isEqualTo("UserNotFound");
            assertThat(failed.getMessage()).isEqualTo("user not registered");
        });
        BatchGetUserResResultUsersItem user = get(10L).getResult().getUsers().get(0);
        assertThat(user.getNickName()).isEqualTo("after");
        assertThat(user.getTags()).containsExactly("b", "c");
        assertThat(user.getExt()).containsOnly(Map.entry("k2", "v2"), Map.entry("k3", "v3"));
        assertThat(user.getModifyTime()).isGreaterThanOrEqualTo(user.getCreateTime());
    }

    @Test
    void register_users_reports_a_per_user_failure_the_sdk_can_read() throws Exception {
        RegisterUsersRes res = register(newUser(20, "x".repeat(101), List.of(), Map.of()), newUser(21, "ok", List.of(), Map.of()));
        assertThat(res.getResult().getFailedInfos()).singleElement().satisfies(failed -> {
            assertThat(failed.getUserId()).isEqualTo("20");
            assertThat(failed.getCode()).isEqualTo("InvalidParam");
            assertThat(failed.getMessage()).isEqualTo("NickName: at most 100 characters, got 101");
        });
        assertThat(get(20L, 21L).getResult().getNotFoundUsers()).containsExactly(20L);
    }

    @Test
    void batch_update_user_tags_adds_and_removes() throws Exception {
        register(newUser(30, "t", List.of("a"), Map.of()), newUser(31, "t", List.of(), Map.of()));
        BatchUpdateUserTagsBody add = new BatchUpdateUserTagsBody();
        add.setAppId(APP);
        add.setUserIds(List.of(30L, 31L, 32L));
        add.setTags(List.of("b"));
        add.setOp(0);
        BatchUpdateUserTagsRes added = im.batchUpdateUserTags(add);
        assertMetadata(added.getResponseMetadata(), "BatchUpdateUserTags");
        assertThat(added.getResult().getFailedInfos()).singleElement()
                .satisfies(failed -> assertThat(failed.getUserId()).isEqualTo(32L));

        BatchUpdateUserTagsBody remove = new BatchUpdateUserTagsBody();
        remove.setAppId(APP);
        remove.setUserIds(List.of(30L));
        remove.setTags(List.of("a"));
        remove.setOp(1);
        assertThat(im.batchUpdateUserTags(remove).getResult().getFailedInfos()).isNullOrEmpty();

        List<BatchGetUserResResultUsersItem> users = get(30L, 31L).getResult().getUsers();
        assertThat(users.get(0).getTags()).containsExactly("b");
        assertThat(users.get(1).getTags()).containsExactly("b");
    }

    @Test
    void unregister_users_removes_them() throws Exception {
        register(newUser(40, "bye", List.of(), Map.of()));
        UnRegisterUsersBody body = new UnRegisterUsersBody();
        body.setAppId(APP);
        body.setUserIds(List.of(40L, 41L));
        UnRegisterUsersRes res = im.unRegisterUsers(body);
        assertMetadata(res.getResponseMetadata(), "UnRegisterUsers");
        assertThat(res.getResult().getFailedInfos()).singleElement().satisfies(failed -> {
            assertThat(failed.getUserId()).isEqualTo(41L);
            assertThat(failed.getCode()).isEqualTo("UserNotFound");
        });
        assertThat(get(40L).getResult().getNotFoundUsers()).containsExactly(40L);
    }

    @Test
    void a_session_token_is_signed_by_the_sdk_and_accepted() throws Exception {
        im.setSessionToken("STS2-roster-conformance-token");
        try {
            assertMetadata(get(1L).getResponseMetadata(), "BatchGetUser");
        } finally {
            im.setSessionToken(null);
        }
    }

    @Test
    void a_wrong_secret_is_refused_with_signature_does_not_match() {
        im.setSecretKey("not-the-secret-key");
        try {
            assertThatThrownBy(() -> get(1L))
                    .hasMessageContaining("\"Code\":\"SignatureDoesNotMatch\"")
                    .hasMessageContaining("\"CodeN\":100010");
        } finally {
            im.setSecretKey(RosterServerExtension.ROOT.secretAccessKey());
        }
    }

    @Test
    void a_whole_request_error_reaches_the_sdk_with_its_code_and_status() {
        BatchGetUserBody body = new BatchGetUserBody();
        body.setAppId(APP);
        List<Long> tooMany = new ArrayList<>(LongStream.rangeClosed(1, 51).boxed().toList());
        body.setUserIds(tooMany);
        // volc-sdk-java turns any HTTP status >= 300 into an exception carrying the raw body.
        assertThatThrownBy(() -> im.batchGetUser(body))
                .hasMessageContaining("\"Code\":\"InvalidParam\"")
                .hasMessageContaining("\"CodeN\":200002")
                .hasMessageContaining("UserIds: must hold 1 to 50 items, got 51");
    }

    /**
     * The SDK's own generic call, {@code json(api, query, body)}: any JSON body for an Action of its table, signed
     * and sent exactly like the typed methods (which are this call plus fastjson on both sides).
     */
    private static byte[] rawCall(BaseServiceImpl service, String action, String body) throws Exception {
        RawResponse raw = service.json(action, null, body);
        if (raw.getException() != null) {
            throw raw.getException();
        }
        return raw.getData();
    }

    /** A request body made from the SDK's own body type, with {@code IfVersion} added to its first user. */
    private static String withIfVersion(Object sdkBody, long ifVersion) {
        JSONObject json = (JSONObject) JSON.toJSON(sdkBody);
        json.getJSONArray("Users").getJSONObject(0).put("IfVersion", ifVersion);
        return json.toJSONString();
    }

    @Test
    void a_user_answer_that_carries_version_still_parses_into_the_sdk_user_type() throws Exception {
        register(newUser(50, "v1", List.of("a"), Map.of("k", "v")));
        BatchUpdateUserItem change = update(50);
        change.setNickName("v2");
        BatchUpdateUserBody updateBody = new BatchUpdateUserBody();
        updateBody.setAppId(APP);
        updateBody.setUsers(List.of(change));
        assertThat(im.batchUpdateUser(updateBody).getResult().getFailedInfos()).isNullOrEmpty();
        BatchGetUserBody body = new BatchGetUserBody();
        body.setAppId(APP);
        body.setUserIds(List.of(50L));

        // One answer, read twice: as bytes (Version is on the wire) and as the SDK reads it (fastjson into its type).
        byte[] answer = rawCall(im, "BatchGetUser", JSON.toJSONString(body));
        JsonNode wire = JACKSON.readTree(answer).get("Result").get("Users").get(0);
        assertThat(wire.get("Version").asLong()).isEqualTo(2);
        BatchGetUserRes parsed = JSON.parseObject(answer, BatchGetUserRes.class);
        assertMetadata(parsed.getResponseMetadata(), "BatchGetUser");
        BatchGetUserResResultUsersItem user = parsed.getResult().getUsers().get(0);
        assertThat(user.getUserId()).isEqualTo(50L);
        assertThat(user.getAppId()).isEqualTo(APP);
        assertThat(user.getNickName()).isEqualTo("v2");
        assertThat(user.getTags()).containsExactly("a");
        assertThat(user.getExt()).containsExactly(Map.entry("k", "v"));
        assertThat(user.getModifyTime()).isEqualTo(wire.get("ModifyTime").asLong()).isGreaterThanOrEqualTo(user.getCreateTime());
        assertThat(im.batchGetUser(body).getResult().getUsers()).containsExactly(user);

        // volc-sdk-java 1.0.273's user type has these eight fields and no bucket for unknown ones: Version is dropped.
        assertThat(Arrays.stream(BatchGetUserResResultUsersItem.class.getDeclaredFields()).map(Field::getName))
                .containsExactlyInAnyOrder("appId", "userId", "portrait", "ext", "nickName", "tags", "createTime",
                        "modifyTime");
        assertThat(user.toString()).doesNotContain("ersion");
    }

    @Test
    void if_version_goes_through_the_sdk_generic_call_and_a_conflict_parses_into_its_failed_infos() throws Exception {
        // The SDK's item types are final with fixed fields: IfVersion can only travel in a body of our own, sent with
        // the SDK's json(...) call; the answers are read with the SDK's response types, as its typed methods do.
        RegisterUsersBody registerBody = new RegisterUsersBody();
        registerBody.setAppId(APP);
        registerBody.setUsers(List.of(newUser(60, "first", List.of(), Map.of())));
        RegisterUsersRes created = JSON.parseObject(rawCall(im, "RegisterUsers", withIfVersion(registerBody, 0)),
                RegisterUsersRes.class);
        assertMetadata(created.getResponseMetadata(), "RegisterUsers");
        assertThat(created.getResult().getFailedInfos()).isNullOrEmpty();

        registerBody.setUsers(List.of(newUser(60, "again", List.of(), Map.of())));
        RegisterUsersRes refused = JSON.parseObject(rawCall(im, "RegisterUsers", withIfVersion(registerBody, 0)),
                RegisterUsersRes.class);
        assertThat(refused.getResult().getFailedInfos()).singleElement().satisfies(failed -> {
            assertThat(failed.getUserId()).isEqualTo("60");
            assertThat(failed.getCode()).isEqualTo("VersionConflict");
            assertThat(failed.getMessage()).isEqualTo("user is at Version 1; IfVersion was 0");
        });

        BatchUpdateUserItem change = update(60);
        change.setNickName("second");
        BatchUpdateUserBody updateBody = new BatchUpdateUserBody();
        updateBody.setAppId(APP);
        updateBody.setUsers(List.of(change));
        BatchUpdateUserRes updated = JSON.parseObject(rawCall(im, "BatchUpdateUser", withIfVersion(updateBody, 1)),
                BatchUpdateUserRes.class);
        assertMetadata(updated.getResponseMetadata(), "BatchUpdateUser");
        assertThat(updated.getResult().getFailedInfos()).isNullOrEmpty();

        change.setNickName("stale");
        BatchUpdateUserRes stale = JSON.parseObject(rawCall(im, "BatchUpdateUser", withIfVersion(updateBody, 1)),
                BatchUpdateUserRes.class);
        assertThat(stale.getResult().getFailedInfos()).singleElement().satisfies(failed -> {
            assertThat(failed.getUserId()).isEqualTo(60L);
            assertThat(failed.getCode()).isEqualTo("VersionConflict");
            assertThat(failed.getMessage()).isEqualTo("user is at Version 2; IfVersion was 1");
        });
        assertThat(get(60L).getResult().getUsers()).singleElement()
                .satisfies(user -> assertThat(user.getNickName()).isEqualTo("second"));
    }

    @Test
    void list_users_is_reached_through_a_service_of_the_sdk_with_its_own_api_table() throws Exception {
        // volc-sdk-java has no call for an Action outside a service's table; BaseServiceImpl (public, nothing abstract)
        // takes a table, so an application describes ListUsers at Roster's version the way ImConfig describes its own.
        ServiceInfo info = new ServiceInfo(Map.of(
                Const.Scheme, "http",
                Const.Host, "127.0.0.1:" + SERVER.client().base().getPort(),
                Const.Header, List.of(new BasicHeader("Accept", "application/json")),
                Const.Credentials, new Credentials("cn-north-1", "rtc"),
                Const.CONNECTION_TIMEOUT, 5000,
                Const.SOCKET_TIMEOUT, 5000));
        ApiInfo listUsers = new ApiInfo(Map.of(Const.Method, "POST", Const.Path, "/", Const.Query, List.of(
                new BasicNameValuePair("Action", "ListUsers"),
                new BasicNameValuePair("Version", ApiClient.ROSTER_VERSION))));
        BaseServiceImpl roster = new BaseServiceImpl(info, Map.of("ListUsers", listUsers)) {};
        roster.setAccessKey(RosterServerExtension.ROOT.accessKeyId());
        roster.setSecretKey(RosterServerExtension.ROOT.secretAccessKey());
        register(newUser(70, "l1", List.of("list-v1"), Map.of()), newUser(71, "l2", List.of("list-v1"), Map.of()),
                newUser(72, "l3", List.of("list-v1"), Map.of()));

        JsonNode first = JACKSON.readTree(rawCall(roster, "ListUsers",
                "{\"AppId\":" + APP + ",\"Tags\":[\"list-v1\"],\"Limit\":2,\"WithTotal\":true}"));
        assertThat(first.get("ResponseMetadata").get("Action").asText()).isEqualTo("ListUsers");
        assertThat(first.get("ResponseMetadata").get("Version").asText()).isEqualTo(ApiClient.ROSTER_VERSION);
        assertThat(first.get("Result").get("Users").findValuesAsText("UserId")).containsExactly("70", "71");
        assertThat(first.get("Result").get("Users").findValuesAsText("Version")).containsExactly("1", "1");
        assertThat(first.get("Result").get("Total").asLong()).isEqualTo(3);
        String cursor = first.get("Result").get("NextCursor").asText();

        JsonNode second = JACKSON.readTree(rawCall(roster, "ListUsers",
                "{\"AppId\":" + APP + ",\"Tags\":[\"list-v1\"],\"Limit\":2,\"Cursor\":\"" + cursor + "\"}"));
        assertThat(second.get("Result").get("Users").findValuesAsText("UserId")).containsExactly("72");
        assertThat(second.get("Result").has("NextCursor")).isFalse();
        assertThat(second.get("Result").has("Total")).isFalse();
    }

    @Test
    void user_broadcast_through_the_sdk_is_stored_and_its_audience_built() throws Exception {
        register(newUser(80, "b1", List.of("bc-a"), Map.of()), newUser(81, "b2", List.of("bc-b"), Map.of()),
                newUser(82, "b3", List.of("bc-c"), Map.of()));
        UserBroadcastBody body = new UserBroadcastBody();
        body.setAppId(APP);
        body.setSender(80L);
        body.setMsgTTL(600L);
        body.setMsgType(10001);
        body.setContent("{\"text\":\"hello\"}");
        body.setTagOp(0);
        body.setTags(List.of("bc-a", "bc-b"));
        body.setExt(Map.of("k", "v"));
        UserBroadcastRes sent = im.userBroadcast(body);
        assertMetadata(sent.getResponseMetadata(), "UserBroadcast");
        assertThat(sent.getResult()).isEmpty();

        JsonNode ready = BroadcastCalls.awaitReady(SERVER.client(), APP, sent.getResponseMetadata().getRequestId());
        assertThat(ready.path("Sender").asLong()).isEqualTo(80);
        assertThat(ready.path("InboxType").asInt()).as("the default").isZero();
        assertThat(BroadcastCalls.recipients(SERVER.client(), APP, ready.path("BroadcastId").asText(), 100))
                .containsExactly(80L, 81L);

        body.setMsgTTL(604_801L);
        assertThatThrownBy(() -> im.userBroadcast(body))
                .hasMessageContaining("\"Code\":\"InvalidParam\"")
                .hasMessageContaining("MsgTTL: must be an integer from 1 to 604800");
    }
}
