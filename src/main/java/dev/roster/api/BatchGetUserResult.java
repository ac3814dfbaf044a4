package dev.roster.api;

import java.util.List;

/** BatchGetUser's {@code Result}: both lists are always present, possibly empty. */
public record BatchGetUserResult(List<UserView> users, List<Long> notFoundUsers) {
}
