import AttendantSecurity
import Testing

struct SecretHashTests {
    static let cheap = SecretHash.Cost(memoryKiB: 64, iterations: 1)

    @Test func theSecretMatchesAndNothingElseDoes() throws {
        let stored = try SecretHash.make(for: "4711", cost: Self.cheap)
        #expect(stored.matches("4711"))
        for other in ["", "471", "47111", "4712", "4711 ", "\u{0}4711"] {
            #expect(!stored.matches(other), "\(other.debugDescription) matched")
        }
    }

    @Test func twoHashesOfOneSecretDifferInTheirSalt() throws {
        let first = try SecretHash.make(for: "secret", cost: Self.cheap)
        let second = try SecretHash.make(for: "secret", cost: Self.cheap)
        #expect(first.encoded != second.encoded)
        #expect(first.encoded.hasPrefix("$argon2id$v=19$m=64,t=1,p=1$"))
        #expect(first.matches("secret") && second.matches("secret"))
    }

    @Test func aStoredHashVerifiesAfterBeingReadBack() throws {
        let stored = try SecretHash.make(for: "pässwörd", cost: Self.cheap)
        let readBack = try #require(SecretHash(encoded: stored.encoded))
        #expect(readBack.matches("pässwörd"))
        #expect(!readBack.matches("passwort"))
    }

    @Test func somethingElseIsNotTakenForAHash() {
        #expect(SecretHash(encoded: "4711") == nil)
        #expect(SecretHash(encoded: "$argon2i$v=19$m=64,t=1,p=1$c2FsdHNhbHQ$aGFzaA") == nil)
    }

    @Test func aBadCostIsAnErrorNotACrash() {
        #expect(throws: SecretHash.Failure.self) {
            try SecretHash.make(for: "x", cost: .init(memoryKiB: 1, iterations: 1))
        }
    }

    @Test func theDescriptionHidesTheHash() throws {
        let stored = try SecretHash.make(for: "x", cost: Self.cheap)
        #expect(!"\(stored)".contains("$argon2"))
    }
}
