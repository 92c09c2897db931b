// SPDX-FileCopyrightText: 2026 The mcp-warden authors
// SPDX-License-Identifier: Apache-2.0

/// Root CAs pinned by the registry. Each value is the SHA-256 of the root's SubjectPublicKeyInfo,
/// derived on 2026-11-21 from Debian 12 `ca-certificates` with `derive-pins.sh` (which re-checks
/// every line below), and re-derived from the system store by the registry tests.
enum RootCAs {
    static let isrgX1 = RootPin(authority: "ISRG Root X1", certificateFile: "ISRG_Root_X1.pem", spki: "sha256/C5+lpZ7tcVwmwQIMcRtPbsQtWLABXhQzejna0wHFr8M=")
    static let isrgX2 = RootPin(authority: "ISRG Root X2", certificateFile: "ISRG_Root_X2.pem", spki: "sha256/diGVwiVYbubAI3RW4hB9xU8e/CH2GnkuvVFZE8zmgzI=")
    static let gtsR1 = RootPin(authority: "GTS Root R1", certificateFile: "GTS_Root_R1.pem", spki: "sha256/hxqRlPTu1bMS/0DITB1SSu0vd4u/8l8TjPgfaAp63Gc=")
    static let gtsR2 = RootPin(authority: "GTS Root R2", certificateFile: "GTS_Root_R2.pem", spki: "sha256/Vfd95BwDeSQo+NUYxVEEIlvkOlWY2SalKK1lPhzOx78=")
    static let gtsR3 = RootPin(authority: "GTS Root R3", certificateFile: "GTS_Root_R3.pem", spki: "sha256/QXnt2YHvdHR3tJYmQIr0Paosp6t/nggsEGD4QJZ3Q0g=")
    static let gtsR4 = RootPin(authority: "GTS Root R4", certificateFile: "GTS_Root_R4.pem", spki: "sha256/mEflZT5enoR1FuXLgYYGqnVEoZvmf9c2bVBpiOjYQ0c=")
    static let globalSignRootCA = RootPin(
        authority: "GlobalSign Root CA (also cross-signs GTS)", certificateFile: "GlobalSign_Root_CA.pem",
        spki: "sha256/K87oWBWM9UZfyddvDfoxL+8lpNyoUB2ptGtn0fv6G2Q=")
    static let globalSignR3 = RootPin(
        authority: "GlobalSign Root CA - R3", certificateFile: "GlobalSign_Root_CA_-_R3.pem", spki: "sha256/cGuxAXyFXFkWm61cF4HPWX8S0srS9j0aSqN0k4AP+4A=")
    static let globalSignR6 = RootPin(
        authority: "GlobalSign Root CA - R6", certificateFile: "GlobalSign_Root_CA_-_R6.pem", spki: "sha256/aCdH+LpiG4fN07wpXtXKvOciocDANj0daLOJKNJ4fx4=")
    static let globalSignR46 = RootPin(
        authority: "GlobalSign Root R46", certificateFile: "GlobalSign_Root_R46.pem", spki: "sha256/rn+WLLnmp9v3uDP7GPqbcaiRdd+UnCMrap73yz3yu/w=")
    static let globalSignE46 = RootPin(
        authority: "GlobalSign Root E46", certificateFile: "GlobalSign_Root_E46.pem", spki: "sha256/4EoCLOMvTM8sf2BGKHuCijKpCfXnUUR/g/0scfb9gXM=")
    static let sslComRSA = RootPin(
        authority: "SSL.com Root Certification Authority RSA", certificateFile: "SSL.com_Root_Certification_Authority_RSA.pem",
        spki: "sha256/0cRTd+vc1hjNFlHcLgLCHXUeWqn80bNDH/bs9qMTSPo=")
    static let sslComECC = RootPin(
        authority: "SSL.com Root Certification Authority ECC", certificateFile: "SSL.com_Root_Certification_Authority_ECC.pem",
        spki: "sha256/oyD01TTXvpfBro3QSZc1vIlcMjrdLTiL/M9mLCPX+Zo=")
    static let certumTrustedNetwork = RootPin(
        authority: "Certum Trusted Network CA", certificateFile: "Certum_Trusted_Network_CA.pem", spki: "sha256/qiYwp7YXsE0KKUureoyqpQFubb5gSDeoOoVxn6tmfrU=")
    static let userTrustRSA = RootPin(
        authority: "USERTrust RSA Certification Authority", certificateFile: "USERTrust_RSA_Certification_Authority.pem",
        spki: "sha256/x4QzPSC810K5/cMjb05Qm4k3Bw5zBn4lTdO/nEW/Td4=")
    static let userTrustECC = RootPin(
        authority: "USERTrust ECC Certification Authority", certificateFile: "USERTrust_ECC_Certification_Authority.pem",
        spki: "sha256/ICGRfpgmOUXIWcQ/HXPLQTkFPEFPoDyjvH7ohhQpjzs=")
    static let sectigoR46 = RootPin(
        authority: "Sectigo Public Server Authentication Root R46", certificateFile: "Sectigo_Public_Server_Authentication_Root_R46.pem",
        spki: "sha256/Douxi77vs4G+Ib/BogbTFymEYq0QSFXwSgVCaZcI09Q=")
    static let sectigoE46 = RootPin(
        authority: "Sectigo Public Server Authentication Root E46", certificateFile: "Sectigo_Public_Server_Authentication_Root_E46.pem",
        spki: "sha256/sLVjNUaFYfW7n6EtgBeEpjOlcnBdNPMrZDRF36iwBdE=")
    static let digiCertGlobalRootCA = RootPin(
        authority: "DigiCert Global Root CA", certificateFile: "DigiCert_Global_Root_CA.pem", spki: "sha256/r/mIkG3eEpVdm+u/ko/cwxzOMo1bk4TyHIlByibiA5E=")
    static let digiCertGlobalRootG2 = RootPin(
        authority: "DigiCert Global Root G2", certificateFile: "DigiCert_Global_Root_G2.pem", spki: "sha256/i7WTqTvh0OioIruIfFR4kMPnBqrS2rdiVPl/s2uC/CY=")
    static let digiCertGlobalRootG3 = RootPin(
        authority: "DigiCert Global Root G3", certificateFile: "DigiCert_Global_Root_G3.pem", spki: "sha256/uUwZgwDOxcBXrQcntwu+kYFpkiVkOaezL0WYEZ3anJc=")
    static let amazonRootCA1 = RootPin(
        authority: "Amazon Root CA 1", certificateFile: "Amazon_Root_CA_1.pem", spki: "sha256/++MBgDH5WGvL9Bcn5Be30cRcL0f5O+NyoXuWtQdX1aI=")
    static let amazonRootCA2 = RootPin(
        authority: "Amazon Root CA 2", certificateFile: "Amazon_Root_CA_2.pem", spki: "sha256/f0KW/FtqTjs108NpYj42SrGvOB2PpxIVM8nWxjPqJGE=")
    static let amazonRootCA3 = RootPin(
        authority: "Amazon Root CA 3", certificateFile: "Amazon_Root_CA_3.pem", spki: "sha256/NqvDJlas/GRcYbcWE8S/IceH9cq77kg0jVhZeAPXq8k=")
    static let amazonRootCA4 = RootPin(
        authority: "Amazon Root CA 4", certificateFile: "Amazon_Root_CA_4.pem", spki: "sha256/9+ze1cZgR9KO1kZrVDxA4HQ6voHRCSVNz4RdTCx4U8U=")

    /// The CAs Cloudflare documents for its edge certificates (D-C-08): Let's Encrypt, Google Trust
    /// Services (with its GlobalSign cross-sign), SSL.com (with its Certum cross-sign), Sectigo
    /// (backup certificates) and DigiCert (being removed).
    static let cloudflareEdge: [RootPin] = [
        isrgX1, isrgX2, gtsR1, gtsR2, gtsR3, gtsR4, globalSignRootCA, sslComRSA, sslComECC, certumTrustedNetwork,
        userTrustRSA, userTrustECC, sectigoR46, sectigoE46, digiCertGlobalRootCA, digiCertGlobalRootG2, digiCertGlobalRootG3
    ]

    /// The CAs `atlassian.com`'s CAA records allow (D-A-13): Amazon, DigiCert, GlobalSign, and for
    /// wildcards Let's Encrypt and Google Trust Services; plus the Cloudflare set, because the MCP
    /// host has been fronted by Cloudflare (the legacy authorization server ran on Workers).
    static let atlassian: [RootPin] = unique(
        [
            amazonRootCA1, amazonRootCA2, amazonRootCA3, amazonRootCA4, digiCertGlobalRootCA, digiCertGlobalRootG2, digiCertGlobalRootG3,
            globalSignRootCA, globalSignR3, globalSignR6, globalSignR46, globalSignE46
        ] + cloudflareEdge)

    private static func unique(_ pins: [RootPin]) -> [RootPin] {
        var seen = Set<String>()
        return pins.filter { seen.insert($0.spki).inserted }
    }
}
