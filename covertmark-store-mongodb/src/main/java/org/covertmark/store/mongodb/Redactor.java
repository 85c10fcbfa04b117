package org.covertmark.store.mongodb;

import com.mongodb.ConnectionString;
import java.util.regex.Pattern;

/** Removes a MongoDB password from text bound for messages and logs. */
final class Redactor {

    /** {@code //user:password@} in a URI. */
    private static final Pattern USER_INFO = Pattern.compile("//([^/?#@:]*):[^/?#@]*@");
    /** Shorter passwords are not searched for as text: they would match innocent words. */
    private static final int MIN_LITERAL = 4;

    private final String password;

    private Redactor(String password) {
        this.password = password;
    }

    /** A redactor that knows only the URI syntax. */
    static Redactor forUri() {
        return new Redactor(null);
    }

    /** A redactor that also hides the literal password of the connection string, raw and URL-decoded. */
    static Redactor of(ConnectionString cs) {
        char[] p = cs.getPassword();
        return new Redactor(p == null || p.length < MIN_LITERAL ? null : new String(p));
    }

    /** {@code text} without the password. */
    String apply(String text) {
        if (text == null) {
            return null;
        }
        String out = USER_INFO.matcher(text).replaceAll("//$1:***@");
        if (password != null) {
            out = out.replace(password, "***");
        }
        return out;
    }
}
