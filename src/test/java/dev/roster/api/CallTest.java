package dev.roster.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.roster.errors.ApiError;
import dev.roster.errors.ApiException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class CallTest {
    private static Call call(String json, int allowedApp) {
        return new Call(RequestJson.parseObject(json.getBytes(StandardCharsets.UTF_8)), app -> app == allowedApp);
    }

    @Test
    void an_app_inside_the_scope_is_returned() {
        assertThat(call("{\"AppId\":7}", 7).appId()).isEqualTo(7);
    }

    @Test
    void an_app_outside_the_scope_is_no_auth() {
        assertThatThrownBy(() -> call("{\"AppId\":8}", 7).appId())
                .isInstanceOfSatisfying(ApiException.class, e -> {
                    assertThat(e.error()).isEqualTo(ApiError.NO_AUTH);
                    assertThat(e.getMessage()).isEqualTo("This access key may not use AppId 8");
                });
    }

    @Test
    void the_app_id_is_validated_before_the_scope_is_consulted() {
        assertThatThrownBy(() -> call("{\"AppId\":\"8\"}", 7).appId())
                .isInstanceOfSatisfying(ApiException.class,
                        e -> assertThat(e.error()).isEqualTo(ApiError.INVALID_PARAM));
    }
}
