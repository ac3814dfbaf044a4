package dev.roster.auth;

import java.util.Optional;

/** Finds the access key a request names, with its secret in clear; empty when there is no usable key. */
@FunctionalInterface
public interface KeyLookup {
    Optional<KeyRing.Usable> find(String accessKeyId);
}
