// SPDX-FileCopyrightText: 2026 The mcp-warden authors
// SPDX-License-Identifier: Apache-2.0

import COpenSSL
import Testing

/// Which chains the origin's pins apply to in the handshake (issue 13, item 5): a chain whose leaf
/// is valid for the origin's host (RFC 6125 §6: subjectAltName DNS-ID and IP entries, a wildcard in
/// the left-most label, the subject CN when there is no subjectAltName). A chain whose leaf is not
/// (an HTTPS proxy's own) gets normal verification only. In doubt the test says "applies".
@Suite struct PinScopeTests {
    static func names(_ pem: String, _ host: String) -> Int32 {
        var bytes = Array(pem.utf8)
        return bytes.withUnsafeMutableBufferPointer { buffer in
            buffer.withMemoryRebound(to: CChar.self) { cossl_certificate_names_host($0.baseAddress, $0.count, host) }
        }
    }

    @Test(arguments: [
        (Fixture.dnsName, "mcp.example.com"), (Fixture.dnsName, "MCP.Example.com"), (Fixture.dnsName, "mcp.example.com."),
        (Fixture.wildcard, "a.example.net"), (Fixture.ipv4, "127.0.0.2"), (Fixture.ipv6, "::1"),
        (Fixture.ipv6, "0:0:0:0:0:0:0:1"),
        // libcurl accepts the CN of a certificate without subjectAltName, also an address written there.
        (Fixture.cnOnlyAddress, "127.0.0.1"), (Fixture.cnOnlyName, "mcp.example.org")
    ])
    func theOriginsPinsApplyToAChainValidForItsHost(pem: String, host: String) {
        #expect(Self.names(pem, host) == 1)
    }

    @Test(arguments: [
        (Fixture.dnsName, "other.example.com"), (Fixture.dnsName, "127.0.0.1"), (Fixture.dnsName, "example.com"),
        (Fixture.wildcard, "example.net"), (Fixture.wildcard, "a.b.example.net"),
        (Fixture.ipv4, "127.0.0.1"), (Fixture.ipv4, "localhost"), (Fixture.ipv6, "127.0.0.1"),
        (Fixture.cnOnlyAddress, "127.0.0.2"), (Fixture.cnOnlyName, "mcp.example.com")
    ])
    func aChainNotValidForTheOriginsHostIsNotHeldToItsPins(pem: String, host: String) {
        #expect(Self.names(pem, host) == 0)
    }

    @Test func withoutAHostThePinsApply() {
        #expect(Self.names(Fixture.ipv4, "") == 1)
    }

    @Test func aDamagedCertificateIsAnError() {
        #expect(Self.names("-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n", "127.0.0.1") == -1)
    }
}

/// Self-signed EC P-256 certificates valid 2025-01-01 for 100 years, made with Integration/pki.py's
/// `_make_leaf` (subjectAltName as named; `cnOnly…`: a bare CertificateBuilder, subject CN only).
private enum Fixture {
    static let dnsName = """
        -----BEGIN CERTIFICATE-----
        MIIB9jCCAZygAwIBAgIUWWRmzMhYCwkZ50LLKuBHYWDbdFQwCgYIKoZIzj0EAwIw
        QTElMCMGA1UECgwcbWNwLXdhcmRlbiBpbnRlZ3JhdGlvbiB0ZXN0czEYMBYGA1UE
        AwwPbWNwLmV4YW1wbGUuY29tMCAXDTI1MDEwMTAwMDAwMFoYDzIxMjQxMjA4MDAw
        MDAwWjBBMSUwIwYDVQQKDBxtY3Atd2FyZGVuIGludGVncmF0aW9uIHRlc3RzMRgw
        FgYDVQQDDA9tY3AuZXhhbXBsZS5jb20wWTATBgcqhkjOPQIBBggqhkjOPQMBBwNC
        AAQM3WsslljwMJc3s8Ccu+sxKhxcMO+WwMfu2tORFyEdvVJZ4QTttzDO7MZmdIYt
        +S002hT0la9KuIj3d7VW5vHTo3AwbjAMBgNVHRMBAf8EAjAAMA4GA1UdDwEB/wQE
        AwIHgDATBgNVHSUEDDAKBggrBgEFBQcDATAaBgNVHREEEzARgg9tY3AuZXhhbXBs
        ZS5jb20wHQYDVR0OBBYEFHrP5iT1dN+G7fAaVDFvuywJnpWjMAoGCCqGSM49BAMC
        A0gAMEUCIHMQesp2qMGuOsr758WWUBU5H6PrMs7Vr5fyJ5mcRePbAiEA5RyMyEKi
        JvOZmkYv0ZOxbZC1B58IsCorOCNY3LgErvU=
        -----END CERTIFICATE-----
        """
    static let wildcard = """
        -----BEGIN CERTIFICATE-----
        MIIB5jCCAYygAwIBAgIUQMfL032rF9NEdHe4KX/GexK/QGcwCgYIKoZIzj0EAwIw
        OjElMCMGA1UECgwcbWNwLXdhcmRlbiBpbnRlZ3JhdGlvbiB0ZXN0czERMA8GA1UE
        AwwId2lsZGNhcmQwIBcNMjUwMTAxMDAwMDAwWhgPMjEyNDEyMDgwMDAwMDBaMDox
        JTAjBgNVBAoMHG1jcC13YXJkZW4gaW50ZWdyYXRpb24gdGVzdHMxETAPBgNVBAMM
        CHdpbGRjYXJkMFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAEdl3YiQQWywEx1KDL
        LaJ8WL0hrNMnk68Dl3wXsium/N/c3dLYsEHYpONMJUVuc7RZG/M7zV2iffN30ewf
        G7g/P6NuMGwwDAYDVR0TAQH/BAIwADAOBgNVHQ8BAf8EBAMCB4AwEwYDVR0lBAww
        CgYIKwYBBQUHAwEwGAYDVR0RBBEwD4INKi5leGFtcGxlLm5ldDAdBgNVHQ4EFgQU
        xI1XTX05NS8OflULbdi8B12i+ucwCgYIKoZIzj0EAwIDSAAwRQIhAMJuRHUV2wNl
        Fq3wIKfaw22ugkSWz6+r2Siqn/e0pBV7AiB5EW/uNwAYWm57D6zvqLXsKVhejzLg
        bs2ZhZ1rRtbOmA==
        -----END CERTIFICATE-----
        """
    static let ipv4 = """
        -----BEGIN CERTIFICATE-----
        MIIB2DCCAX2gAwIBAgIUHVwXIz5hCBUc6Dxsj/MrltPXn4QwCgYIKoZIzj0EAwIw
        NzElMCMGA1UECgwcbWNwLXdhcmRlbiBpbnRlZ3JhdGlvbiB0ZXN0czEOMAwGA1UE
        AwwFcHJveHkwIBcNMjUwMTAxMDAwMDAwWhgPMjEyNDEyMDgwMDAwMDBaMDcxJTAj
        BgNVBAoMHG1jcC13YXJkZW4gaW50ZWdyYXRpb24gdGVzdHMxDjAMBgNVBAMMBXBy
        b3h5MFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAEYstQl6CWk2cI7Veh7xpMXicj
        SlghQbkrd0DEpZCXbA3RrIeijH3JRfPAOGo4zrB4jcU4rkDxAPrAQ/Ln1oFTGaNl
        MGMwDAYDVR0TAQH/BAIwADAOBgNVHQ8BAf8EBAMCB4AwEwYDVR0lBAwwCgYIKwYB
        BQUHAwEwDwYDVR0RBAgwBocEfwAAAjAdBgNVHQ4EFgQUVUWRfkw94AWjDU6OdNoB
        eRuDNI0wCgYIKoZIzj0EAwIDSQAwRgIhAMVvf0g9oiO0bdpxuitQN8D259kgn7EW
        lO6by6LtxmF+AiEA+7LeDAuEo5EviiOclhWvzFviH+mUy8fJzJBP16JOq3s=
        -----END CERTIFICATE-----
        """
    static let ipv6 = """
        -----BEGIN CERTIFICATE-----
        MIIB4jCCAYegAwIBAgIUQIjsAj68eYoiEvuUpubjA4ZD4LgwCgYIKoZIzj0EAwIw
        NjElMCMGA1UECgwcbWNwLXdhcmRlbiBpbnRlZ3JhdGlvbiB0ZXN0czENMAsGA1UE
        AwwEaXB2NjAgFw0yNTAxMDEwMDAwMDBaGA8yMTI0MTIwODAwMDAwMFowNjElMCMG
        A1UECgwcbWNwLXdhcmRlbiBpbnRlZ3JhdGlvbiB0ZXN0czENMAsGA1UEAwwEaXB2
        NjBZMBMGByqGSM49AgEGCCqGSM49AwEHA0IABBiAL4itREUMSAAz0z5IQq8VRKmD
        bEokUy1yfxLEIqKdZJ2ZxCZ/YtpZSqW9Tb8lCykIH64EW6CI+iqTo0h2dDyjcTBv
        MAwGA1UdEwEB/wQCMAAwDgYDVR0PAQH/BAQDAgeAMBMGA1UdJQQMMAoGCCsGAQUF
        BwMBMBsGA1UdEQQUMBKHEAAAAAAAAAAAAAAAAAAAAAEwHQYDVR0OBBYEFK7ckVhg
        FSJInpfEaRB0PVKp8vO2MAoGCCqGSM49BAMCA0kAMEYCIQCNIKvdQie7MR9WrXDD
        AcJN5iyQEpNdGKmJarjm3rwLXwIhAMusiH9mHkoypjvflBf/2EeUCLkeV+5LQEmu
        +sLT0mF1
        -----END CERTIFICATE-----
        """
    static let cnOnlyAddress = """
        -----BEGIN CERTIFICATE-----
        MIIBKTCB0KADAgECAhRLi1DI94F4qeLy8PWV0oZWLpsmlzAKBggqhkjOPQQDAjAU
        MRIwEAYDVQQDDAkxMjcuMC4wLjEwIBcNMjUwMTAxMDAwMDAwWhgPMjEyNDEyMDgw
        MDAwMDBaMBQxEjAQBgNVBAMMCTEyNy4wLjAuMTBZMBMGByqGSM49AgEGCCqGSM49
        AwEHA0IABIE+bFIW1iYIFwRgKvbzeExa8kIn9RgoStf4JjmEHwT45TLAu9UkvDR1
        v9hGEgugcmtgxYxK/OWHn9khO7lD7VwwCgYIKoZIzj0EAwIDSAAwRQIgXQHJa6x7
        y589Qq/q63jLf67jokUH4g9S9ERt8t0bsQoCIQDIryB5Alz4N+EkjhaHA34PJrTw
        ht7iN/g8+JeNtph7cQ==
        -----END CERTIFICATE-----
        """
    static let cnOnlyName = """
        -----BEGIN CERTIFICATE-----
        MIIBNTCB3KADAgECAhRvMfn++/rKD+WwqL5y8cBMKqGpsjAKBggqhkjOPQQDAjAa
        MRgwFgYDVQQDDA9tY3AuZXhhbXBsZS5vcmcwIBcNMjUwMTAxMDAwMDAwWhgPMjEy
        NDEyMDgwMDAwMDBaMBoxGDAWBgNVBAMMD21jcC5leGFtcGxlLm9yZzBZMBMGByqG
        SM49AgEGCCqGSM49AwEHA0IABIhywqTNg17iL85sCTgju+RhVB6b81qk7MVjqwbi
        ciu4opWE4rfVnJafbPBuBTgT10gQJOQLwb5tnZ5FJenldnowCgYIKoZIzj0EAwID
        SAAwRQIgAYSDAyjdoVvxiSmRfIHnpyne7aLP6Nq5P3CbK/tl9KkCIQD7/Bd056pD
        RYW+WozxHDaPyT6Z8xt8bay5v1EhRKVyfQ==
        -----END CERTIFICATE-----
        """
}
