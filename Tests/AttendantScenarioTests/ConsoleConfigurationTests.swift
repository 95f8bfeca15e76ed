import AttendantConsole
import AttendantRuntime
import AttendantSimulation
import AttendantStore
import Foundation
import Testing

/// `configure`, `commit`, `commit confirmed`, `rollback`: a candidate per session, every
/// version kept with who and when, and the running configuration never left broken.
@Suite struct ConsoleConfigurationTests {
    /// The menu's greeting line, and the same menu saying goodbye first instead.
    static let greeting = "    play welcome"
    static var greetingLine: Int { ConsoleOffice.source.split(separator: "\n", omittingEmptySubsequences: false).firstIndex { $0 == greeting }! + 1 }

    @Test func aCommitOnOneSessionIsNewsOnTheOtherAndRefusesItsStaleCandidate() throws {
        let office = try ConsoleOffice()
        try office.addUser("alice", .admin)
        try office.addUser("bob", .admin)
        let alice = try office.session(as: "alice")
        let bob = try office.session(as: "bob")
        #expect(bob.type("configure\r").contains("editing a candidate of version 1"))
        #expect(alice.type("configure\r").contains("editing a candidate of version 1"))
        #expect(alice.type("line \(Self.greetingLine)     play goodbye\r").contains("play goodbye"))
        let diff = alice.type("show diff\r")
        let number = String(format: "%4d", Self.greetingLine)
        #expect(diff.contains("-\(number)      play welcome\r\n+\(number)      play goodbye"), "\(diff)")
        let committed = alice.type("commit comment goodbye first\r")
        #expect(committed.contains("committed: configuration version 2"), "\(committed)")
        #expect(try office.services.history.runningSource().contains("    play goodbye\n"))
        #expect(committed.hasSuffix("\r\nattendant> "), "back out of configuration mode")

        let news = bob.awaitOutput(containing: "committed by alice")
        #expect(news.contains("configuration version 2 committed by alice on ttyS") && news.contains(": goodbye first"), "\(news)")
        bob.type("delete 1\r")
        let refused = bob.type("commit\r")
        #expect(refused.contains("version 2 was committed by alice since your candidate began (from version 1)"), "\(refused)")
        #expect(bob.type("discard\r").contains("candidate discarded"))

        let audit = try office.services.access.auditLog(limit: 20).map { "\($0.user) \($0.action) -> \($0.outcome)" }
        #expect(audit.contains { $0.hasPrefix("alice commit comment goodbye first -> committed: configuration version 2") }, "\(audit)")
        #expect(audit.contains { $0.hasPrefix("bob commit -> error") }, "\(audit)")
        let versions = alice.type("show versions\r")
        #expect(versions.contains("alice") && versions.contains("goodbye first") && versions.contains("found running"), "\(versions)")
    }

    @Test func aCandidateThatDoesNotCompileIsRefusedWithItsPositionAndNothingChanges() throws {
        let office = try ConsoleOffice()
        try office.addUser("alice", .admin)
        let alice = try office.session(as: "alice")
        let running = office.harness.appliance.currentProgram.version
        alice.type("configure\r")
        alice.type("line \(Self.greetingLine)     play no-such-prompt-here\r")
        let validated = alice.type("validate\r")
        #expect(validated.contains("test.menu:\(Self.greetingLine):10: error"), "\(validated)")
        let refused = alice.type("commit\r")
        #expect(refused.contains("commit refused; the running configuration stays") && refused.contains("test.menu:\(Self.greetingLine):10"), "\(refused)")
        #expect(office.harness.appliance.currentProgram.version == running)
        #expect(try office.services.history.runningSource() == ConsoleOffice.source)
        #expect(alice.type("show candidate\r").contains("no-such-prompt-here"), "the candidate stays for fixing")
    }

    @Test func aPastedFileBecomesTheCandidate() throws {
        let office = try ConsoleOffice()
        try office.addUser("alice", .admin)
        let alice = try office.session(as: "alice")
        alice.type("configure\r")
        #expect(alice.type("paste\r").contains("end with a line holding only '.'"))
        let pasted = ConsoleOffice.source.replacingOccurrences(of: "play welcome", with: "play goodbye")
        // A terminal sends the file as typed: CR line ends, tabs kept, UTF-8 comments kept.
        let bytes = (pasted.replacingOccurrences(of: "\n", with: "\r") + "// über\t\r.\r")
        let reply = alice.type(bytes)
        let count = pasted.split(separator: "\n", omittingEmptySubsequences: false).count
        #expect(reply.contains("candidate: \(count) lines pasted"), "\(reply)")
        #expect(alice.type("validate\r").contains("valid: version"))
        #expect(alice.type("commit\r").contains("committed: configuration version 2"))
        #expect(try office.services.history.runningSource().hasSuffix("// über\t\n"))
    }

    @Test func anUnconfirmedCommitGoesBackByItselfAndCallsInProgressGoOn() throws {
        let office = try ConsoleOffice()
        try office.addUser("alice", .admin)
        let alice = try office.session(as: "alice")
        let harness = office.harness
        let original = harness.appliance.currentProgram.version
        let caller = ListeningCaller(expectedSeconds: 30)
        harness.board.placeCall(toPort: 0, from: caller)
        harness.step(600)
        #expect(harness.appliance.engine.activeCalls == 1)

        alice.type("configure\r")
        alice.type("line \(Self.greetingLine)     play goodbye\r")
        let committed = alice.type("commit confirmed 1\r")
        #expect(committed.contains("type 'confirm' within 1 minute or it goes back to version 1"), "\(committed)")
        let changed = harness.appliance.currentProgram.version
        #expect(changed != original)
        office.clock.advance(seconds: 59)
        office.services.history.expireUnconfirmed()
        #expect(harness.appliance.currentProgram.version == changed, "not yet")
        office.clock.advance(seconds: 2)
        office.services.history.expireUnconfirmed()
        #expect(harness.appliance.currentProgram.version == original, "back to the first version")
        #expect(try office.services.history.runningSource() == ConsoleOffice.source)
        harness.step(100)
        #expect(harness.appliance.engine.activeCalls == 1, "the call in progress goes on")
        #expect(alice.awaitOutput(containing: "not confirmed in time").contains("version 2 not confirmed in time: back to version 1"))
        let states = try office.services.history.versions(limit: 5).map { "\($0.id!) \($0.state.rawValue) \($0.committedBy)" }
        #expect(states == ["3 committed system", "2 rolled-back alice", "1 committed system"], "\(states)")
        harness.board.hangUp(port: 0)
        harness.step(50)
        let calls = try harness.storedCalls()
        #expect(calls.count == 1 && calls[0].menuVersion == original, "\(calls.map(\.menuVersion))")
    }

    @Test func aConfirmedCommitStaysAndRollbackPutsAnyVersionBack() throws {
        let office = try ConsoleOffice()
        try office.addUser("alice", .admin)
        let alice = try office.session(as: "alice")
        alice.type("configure\r")
        alice.type("line \(Self.greetingLine)     play goodbye\r")
        alice.type("commit confirmed 5\r")
        #expect(alice.type("confirm\r").contains("configuration version 2 confirmed"))
        office.clock.advance(seconds: 3600)
        office.services.history.expireUnconfirmed()
        #expect(try office.services.history.runningSource().contains("play goodbye"))
        let back = alice.type("rollback 1\r")
        #expect(back.contains("committed: configuration version 3 (rollback to version 1)"), "\(back)")
        #expect(try office.services.history.runningSource() == ConsoleOffice.source)
        #expect(alice.type("rollback 9\r").contains("error: no configuration version 9"))
    }
}
