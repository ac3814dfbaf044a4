package dev.roster.store;

import java.util.List;

/**
 * One page of a {@link UserQuery}: the users found, in UserId order; {@code next}, the UserId to ask after
 * for the rest, or null when there is no more; {@code total}, how many users match the whole query, when
 * it was asked for (else null).
 */
public record UserPage(List<Profile> users, Long next, Long total) {
    public UserPage {
        users = List.copyOf(users);
    }
}
