// SPDX-FileCopyrightText: 2026 The mcp-warden authors
// SPDX-License-Identifier: Apache-2.0

import Testing

@testable import TokenVault

/// `SecretServiceKeyring.connect` (issue 5 "Key providers": the Secret Service only "when a session
/// bus and a keyring answer"). What a real keyring does with the key, and the 3 s time box, are
/// tested end to end against gnome-keyring in Integration/tests/test_keyring.py.
@Suite struct SecretServiceKeyringTests {
    @Test(arguments: [[:], ["DBUS_SESSION_BUS_ADDRESS": ""]])
    func noSessionBusMeansNoKeyringAndSaysWhy(environment: [String: String]) {
        let (keyring, unavailable) = SecretServiceKeyring.connect(environment: environment)
        #expect(keyring == nil)
        #expect(unavailable == "no D-Bus session bus (DBUS_SESSION_BUS_ADDRESS is not set)")
    }

    /// A session bus gives the Secret Service; libsecret is loaded by the first call, not here.
    @Test func aSessionBusGivesTheSecretService() throws {
        let (keyring, unavailable) = SecretServiceKeyring.connect(environment: ["DBUS_SESSION_BUS_ADDRESS": "unix:path=/nonexistent"])
        let found = try #require(keyring, "no keyring although a bus is set: \(unavailable)")
        #expect(found.source == .secretService)
        #expect(found.timeout == 3)
    }

    /// libsecret-1-0 is in the Makefile's APT_PACKAGES; it is loaded at run time, not linked.
    @Test func libsecretLoads() throws {
        #expect(throws: Never.self) { try SecretServiceKeyring.loadLibrary() }
    }

    /// The vault key is AES-256 (issue 5): anything else is refused before the keyring is asked.
    @Test func onlyA256BitKeyIsStored() throws {
        let keyring = SecretServiceKeyring(timeout: 3)
        let error = #expect(throws: VaultError.self) { try keyring.store([UInt8](repeating: 7, count: 16), vault: "/nowhere") }
        #expect(error?.code == .keyProvider)
        #expect(error?.message == "a vault key is 256 bits, not 128")
    }
}
