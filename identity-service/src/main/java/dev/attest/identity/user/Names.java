package dev.attest.identity.user;

import java.text.Normalizer;
import java.util.Locale;

/**
 * How names are kept and found. A name is trimmed and NFC-normalised before it is checked or stored, so
 * "é" typed as e + combining accent and as one character is the same name; it is searched for by a key
 * without accents and case, so "lovelace" finds "Lovelace" and "jose" finds "José".
 */
public final class Names {

    /** Letters, marks, spaces, apostrophes, dots and hyphens, beginning with a letter; nothing else. */
    public static final String PATTERN = "^[\\p{L}\\p{M}][\\p{L}\\p{M} .'\\-]*$";
    public static final int MAX_LENGTH = 100;

    private Names() {
    }

    /** The form a name is checked and stored in; null stays null. */
    public static String normalize(String name) {
        return name == null ? null : Normalizer.normalize(name, Normalizer.Form.NFC).strip();
    }

    /** The form a name or address is searched by: no accents, no case. */
    public static String searchKey(String text) {
        String decomposed = Normalizer.normalize(text.strip(), Normalizer.Form.NFKD);
        return decomposed.replaceAll("\\p{M}+", "").toLowerCase(Locale.ROOT);
    }
}
