package dev.roster.store;

/** An opened database with Roster's schema: where profiles and keys live, and what to close at the end. */
public interface Database extends AutoCloseable {

    UserStore userStore();

    KeyStore keyStore();

    /** For the log: which database this is, without credentials. */
    String describe();

    @Override
    void close();
}
