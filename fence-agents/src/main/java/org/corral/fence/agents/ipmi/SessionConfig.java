package org.corral.fence.agents.ipmi;

import java.util.Objects;

/**
 * What a console needs to open a session.
 *
 * @param userName  user name bytes (may be empty: anonymous)
 * @param password  password bytes (at most 20)
 * @param kg        BMC key for RMCP+ key derivation, or empty to use the password
 * @param suite     RMCP+ cipher suite (ignored for IPMI 1.5)
 * @param authType  IPMI 1.5 auth type: -1 = best offered, else 0 none, 2 MD5, 4 password
 * @param privilege requested privilege
 */
public record SessionConfig(byte[] userName, byte[] password, byte[] kg, CipherSuite suite, int authType,
                            Privilege privilege) {
    public SessionConfig {
        Objects.requireNonNull(suite, "suite");
        Objects.requireNonNull(privilege, "privilege");
        if (userName.length > Rakp.USER_NAME_BYTES_MAX) {
            throw new IllegalArgumentException("user name longer than " + Rakp.USER_NAME_BYTES_MAX + " bytes");
        }
        if (password.length > IpmiCrypto.PASSWORD_BYTES_MAX) {
            throw new IllegalArgumentException("password longer than " + IpmiCrypto.PASSWORD_BYTES_MAX + " bytes");
        }
        userName = userName.clone();
        password = password.clone();
        kg = kg.clone();
    }

    @Override
    public String toString() {
        return "SessionConfig[user=" + new String(userName, java.nio.charset.StandardCharsets.UTF_8) + ", password=[set], suite="
                + suite.id + ", authType=" + authType + ", privilege=" + privilege + "]";
    }
}
