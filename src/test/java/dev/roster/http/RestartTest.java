package dev.roster.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.roster.testing.ApiResponse;
import dev.roster.testing.RosterServerExtension;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Data written before a stop is read back, field for field, by a server started on the same directory. */
@Tag("behaviour")
class RestartTest {
    @RegisterExtension
    static final RosterServerExtension SERVER = new RosterServerExtension();

    @Test
    void profiles_survive_a_restart_unchanged() throws Exception {
        assertThat(SERVER.client().call("RegisterUsers", """
                {"AppId":5,"Users":[{"UserId":1,"NickName":"Ann","Portrait":"p","Tags":["a","b"],
                  "Ext":{"k":"v","中":"文"},"IsRobot":true},{"UserId":2},{"UserId":3}]}""").status()).isEqualTo(200);
        SERVER.client().call("BatchUpdateUser", "{\"AppId\":5,\"Users\":[{\"UserId\":2,\"NickName\":\"Bo\"}]}");
        SERVER.client().call("UnRegisterUsers", "{\"AppId\":5,\"UserIds\":[3]}");
        String query = "{\"AppId\":5,\"UserIds\":[1,2,3]}";
        JsonNode before = SERVER.client().call("BatchGetUser", query).result();

        SERVER.restart();

        ApiResponse after = SERVER.client().call("BatchGetUser", query);
        assertThat(after.result()).isEqualTo(before);
        assertThat(after.result().get("Users")).hasSize(2);
        assertThat(after.result().get("NotFoundUsers")).hasToString("[3]");
    }
}
