package dev.roster.users;

/** One user of a batch that was not applied, and why; the rest of the batch is unaffected. */
public record UserFailure(long userId, FailureCode code, String message) {
}
