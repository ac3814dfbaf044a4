package dev.roster.users;

import dev.roster.store.Profile;

/** What a profile rule decided for one user: write a profile, delete it, leave it, or refuse. */
public sealed interface Outcome {
    Outcome KEEP = new Keep();
    Outcome DELETE = new Delete();

    record Put(Profile profile) implements Outcome {}

    record Delete() implements Outcome {}

    record Keep() implements Outcome {}

    record Fail(FailureCode code, String message) implements Outcome {}

    static Outcome notFound() {
        return new Fail(FailureCode.USER_NOT_FOUND, "user not registered");
    }
}
