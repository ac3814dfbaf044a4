package dev.roster.http;

import java.nio.file.Path;
import java.util.Objects;

/**
 * How the server serves TLS: the PEM file of its certificate (leaf first, then the chain), the PEM file of
 * its private key, and whether to re-read both when they change. A configuration without TLS holds
 * {@code null} instead.
 */
public record Tls(Path cert, Path key, boolean reload) {

    public Tls {
        Objects.requireNonNull(cert, "cert");
        Objects.requireNonNull(key, "key");
    }

    /**
     * The TLS settings of the given options, or {@code null} when neither file is given; one file without
     * the other, or reloading without files, is refused with a message naming the options.
     */
    public static Tls of(Path cert, Path key, boolean reload) {
        if (cert == null && key == null) {
            if (reload) {
                throw new IllegalArgumentException("--tls-reload needs --tls-cert and --tls-key");
            }
            return null;
        }
        if (cert == null) {
            throw new IllegalArgumentException("--tls-key needs --tls-cert: give both files to serve TLS, or neither");
        }
        if (key == null) {
            throw new IllegalArgumentException("--tls-cert needs --tls-key: give both files to serve TLS, or neither");
        }
        return new Tls(cert, key, reload);
    }
}
