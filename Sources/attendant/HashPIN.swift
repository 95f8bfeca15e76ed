import ArgumentParser
import AttendantSecurity
import Foundation

/// `attendant hash-pin`: a mailbox's `pin-hash` for a menu file, made here so that the
/// PIN itself is never written into a file.
struct HashPIN: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "hash-pin",
        abstract: "Read a PIN (4-12 digits) from standard input and print its Argon2id hash for a mailbox's 'pin-hash'.")

    func run() throws {
        guard let line = readLine(strippingNewline: true) else { throw ValidationError("no PIN on standard input") }
        let pin = line.trimmingCharacters(in: .whitespaces)
        guard pin.count >= 4, pin.count <= 12, pin.allSatisfy(\.isNumber) else {
            throw ValidationError("a PIN is 4 to 12 digits")
        }
        print(try SecretHash.make(for: pin).encoded)
    }
}
