import AttendantConsole
import AttendantControl
import AttendantRuntime
import AttendantEngine
import AttendantRecorder
import AttendantSecurity
import AttendantSimulation
import AttendantStore
import Foundation
import Testing

/// Voicemail on the simulated board, judged by what each party hears: a caller leaves a
/// message by speaking a catalogue recording (`say`), the box's owner keys the PIN as
/// DTMF and must hear that same recording played back; the row and the file follow.
@Suite(.serialized) struct VoicemailTests {
    static let menu = """
        entry main
        mailbox 200 {
            owner 5
            max-message 30s
            silence 3s
            lockout after 3 failures for 60s
        }
        menu main {
            play welcome
            wait 20s
            on 1: voicemail 200; hangup
            on 2: check-voicemail 200; hangup
            on 3: play sales, support
            on 4: voicemail 200 busy; hangup
        }
        """

    /// An appliance with one office phone (extension 5, the box's owner), a recorder on a
    /// folder of its own, and the box's PIN set as the console sets it (cheaply hashed).
    static func harness(pin: String? = "4711") throws -> (ScenarioHarness, Recorder, String) {
        let harness = try ScenarioHarness(menuSource: menu, ports: 4, phones: 1)
        let folder = NSTemporaryDirectory() + "attendant-voicemail-\(UUID().uuidString)"
        let writer = harness.writer
        let recorder = Recorder(tap: harness.appliance.engine.recordingTap,
                                settings: RecorderSettings(directory: folder, minFreeBytes: 0),
                                finished: { writer.submit($0) })
        harness.appliance.recorder = recorder
        harness.appliance.voicemail.pinCost = SecretHash.Cost(memoryKiB: 64, iterations: 1)
        if let pin { #expect(try harness.appliance.voicemail.setPIN(pin, box: "200") == nil) }
        return (harness, recorder, folder)
    }

    @Test func aMessageIsLeftHeardWithThePINAndDeleted() throws {
        let (harness, recorder, _) = try Self.harness()
        var lampAfterMessage: Bool?
        var rowsAfterMessage: [VoicemailMessage] = []
        let outcome = try harness.run([
            """
            call 1 from 5551234
            expect welcome within 8
            press 1
            expect vm-leave-message within 10
            expect vm-beep within 10
            wait 0.5
            say sales
            expect hangup within 15
            """,
            """
            wait 40
            call 2 from 5550000
            expect welcome within 8
            press 2
            expect vm-enter-pin within 5
            press 4711#
            expect vm-you-have within 5
            expect sales within 10
            expect vm-message-options within 10
            press 7
            expect vm-deleted within 5
            expect vm-no-more within 5
            press #
            expect goodbye within 5
            expect hangup within 10
            """,
        ], beforeFrame: { frame in
            if frame % 10 == 0 { recorder.pump() }
            if frame == 1900 {  // 38 s: the message is left, the owner has not called yet
                lampAfterMessage = harness.board.messageWaitingLamps[4]
                harness.writer.flush()
                rowsAfterMessage = (try? harness.database.voicemailMessages(box: "200")) ?? []
            }
        })
        #expect(outcome.succeeded, "\(outcome.report)")
        recorder.stop()
        harness.writer.flush()
        #expect(lampAfterMessage == true)
        let row = try #require(rowsAfterMessage.first)
        #expect(rowsAfterMessage.count == 1)
        #expect(row.folder == .new)
        #expect(row.caller == "5551234")
        #expect(row.state == .complete)
        #expect(row.sha256?.count == 64)
        // Half a second, 'sales', then 3 s of quiet end it.
        let sales = harness.durationSeconds(of: "sales")
        #expect(row.durationSeconds > sales + 3 && row.durationSeconds < sales + 5, "\(row.durationSeconds)")
        // Deleted: the row and the file are gone, and the lamp is out.
        #expect(try harness.database.voicemailMessages().isEmpty)
        #expect(!FileManager.default.fileExists(atPath: row.path))
        #expect(harness.board.messageWaitingLamps[4] == false)
        // The PIN is not in the call's record; only its hash is stored.
        let calls = try harness.storedCalls()
        #expect(calls.allSatisfy { !$0.keys.contains("4711") }, "\(calls.map(\.keys))")
        let stored = try #require(try harness.database.voicemailPINHash(box: "200"))
        #expect(stored.hasPrefix("$argon2id$") && !stored.contains("4711"))
    }

    @Test func threeWrongPINsLockTheBoxForItsTime() throws {
        let (harness, recorder, _) = try Self.harness()
        let outcome = try harness.run([
            """
            call 1 from 5550000
            expect welcome within 8
            press 2
            expect vm-enter-pin within 5
            press 1111#
            expect vm-pin-incorrect within 5
            expect vm-enter-pin within 5
            press 2222#
            expect vm-pin-incorrect within 5
            expect vm-enter-pin within 5
            press 3333#
            expect vm-pin-incorrect within 5
            expect vm-locked within 5
            expect goodbye within 5
            expect hangup within 10
            """,
            """
            wait 35            // locked (until about 85 s): the right PIN is refused
            call 2 from 5550000
            expect welcome within 8
            press 2
            expect vm-enter-pin within 5
            press 4711#
            expect vm-locked within 5
            expect goodbye within 5
            expect hangup within 10
            """,
            """
            wait 100           // the lock has run out: the right PIN opens the box
            call 3 from 5550000
            expect welcome within 8
            press 2
            expect vm-enter-pin within 5
            press 4711#
            expect vm-you-have within 5
            expect vm-no-more within 10
            press #
            expect goodbye within 5
            expect hangup within 10
            """,
        ], beforeFrame: { frame in if frame % 10 == 0 { recorder.pump() } })
        #expect(outcome.succeeded, "\(outcome.report)")
        recorder.stop()
    }

    /// The owner's office phone: the lamp, the visual indicator (FSK, decoded by the phone)
    /// and stutter dial tone come with a new message and go once it has been heard.
    @Test func theOwnersPhoneShowsMessageWaiting() throws {
        let (harness, recorder, _) = try Self.harness()
        let outcome = try harness.run([
            """
            call 1 from 5551234
            expect welcome within 8
            press 1
            expect vm-beep within 20
            say support
            expect hangup within 20
            """,
            """
            phone 5
            answer
            expect dial-tone steady within 3
            hangup
            expect message-waiting on within 40
            wait 1
            answer
            expect dial-tone stutter within 3
            hangup
            expect message-waiting off within 60
            wait 1
            answer
            expect dial-tone steady within 3
            hangup
            """,
            """
            wait 45
            call 2 from 5550000
            expect welcome within 8
            press 2
            expect vm-enter-pin within 5
            press 4711#
            expect support within 10
            press #
            expect goodbye within 5
            expect hangup within 10
            """,
        ], beforeFrame: { frame in if frame % 10 == 0 { recorder.pump() } })
        #expect(outcome.succeeded, "\(outcome.report)")
        recorder.stop()
        harness.writer.flush()
        // Heard, not deleted: the message is kept as old, and nothing is waiting.
        let rows = try harness.database.voicemailMessages(box: "200")
        #expect(rows.map(\.folder) == [.old])
        #expect(harness.board.messageWaitingLamps[4] == false)
    }

    /// The console sets the PIN, lists a message, plays it to a caller in a menu (who must
    /// hear it), exports it and deletes it.
    @Test func theConsoleListsPlaysExportsAndDeletesMessages() throws {
        let (harness, recorder, folder) = try Self.harness(pin: nil)
        let live = LiveAppliance(appliance: harness.appliance, database: harness.database, recogniser: harness.recogniser,
                                 notify: { _ in })
        let console = ConsoleCommands(backend: live)
        #expect(console.execute("voicemail pin 200 12").text == "error: a PIN is 4 to 12 digits")
        #expect(console.execute("voicemail pin 201 4711").text == "error: no mailbox 201")
        #expect(console.execute("voicemail pin 200 4711").text == "mailbox 200: PIN set (its hash is stored)")
        #expect(console.execute("show voicemail").text == "no voicemail messages")
        var listing = ""
        var replies: [String] = []
        let exported = folder + "-exported.wav"
        let outcome = try harness.run([
            """
            call 1 from 5551234
            expect welcome within 8
            press 1
            expect vm-beep within 20
            say sales
            expect hangup within 20
            """,
            """
            wait 35
            call 2 from 5550000
            expect welcome within 8
            expect sales within 20     // played from the console
            hangup
            """,
        ], beforeFrame: { frame in
            if frame % 10 == 0 { recorder.pump() }
            if frame == 2100 {  // 42 s: caller 2 waits in the menu
                listing = console.execute("show voicemail 200").text
                let id = (try? harness.database.voicemailMessages().first?.id) ?? nil
                replies.append(console.execute("voicemail play \(id ?? 0) 2").text)
                replies.append(console.execute("voicemail play \(id ?? 0) 4").text)
                replies.append(console.execute("recording play 999 2").text)
            }
        })
        #expect(outcome.succeeded, "\(outcome.report)")
        recorder.stop()
        harness.writer.flush()
        let message = try #require(try harness.database.voicemailMessages().first)
        let id = message.id!
        #expect(listing.contains("box 200  new  5551234"), "\(listing)")
        #expect(replies == ["port 2: playing message \(id)", "error: no call on port 4", "error: no recording 999"])
        #expect(console.execute("voicemail export \(id) \(exported)").text == "message \(id) exported to \(exported)")
        #expect(FileManager.default.contents(atPath: exported) == FileManager.default.contents(atPath: message.path))
        #expect(harness.board.messageWaitingLamps[4] == true)
        #expect(console.execute("voicemail delete \(id)").text == "message \(id) deleted")
        harness.step(2)
        #expect(!FileManager.default.fileExists(atPath: message.path))
        #expect(console.execute("show voicemail").text == "no voicemail messages")
        #expect(harness.board.messageWaitingLamps[4] == false)
        #expect(console.execute("voicemail delete \(id)").text == "error: no message \(id)")
    }

    /// The owner presses 2 on a message: a free line dials the caller who left it, and
    /// once they speak the two talk; when the caller hangs up the owner's action goes on.
    @Test func theOwnerCallsTheCallerBack() throws {
        let (harness, recorder, _) = try Self.harness()
        let outcome = try harness.run([
            """
            call 1 from 5551234
            expect welcome within 8
            press 1
            expect vm-beep within 20
            say sales
            expect hangup within 20
            expect ring within 60
            answer
            say welcome
            wait 1
            say support
            wait 2
            hangup
            """,
            """
            wait 35
            call 2 from 5550000
            expect welcome within 8
            press 2
            expect vm-enter-pin within 5
            press 4711#
            expect sales within 10
            expect vm-message-options within 10
            press 2
            expect vm-calling-back within 5
            expect support within 40
            expect hangup within 10
            """,
        ], beforeFrame: { frame in if frame % 10 == 0 { recorder.pump() } })
        #expect(outcome.succeeded, "\(outcome.report)")
        recorder.stop()
        // The call made is a call with a record, to the number the message came from.
        let calls = try harness.storedCalls()
        #expect(calls.contains { $0.callerNumber == "5551234" && $0.port == 1 && $0.answeredAt != nil && $0.ringAt > ScenarioHarness.epoch.addingTimeInterval(40) },
                "\(calls.map { ($0.port, $0.callerNumber ?? "-", $0.ringAt) })")
    }

    /// The envelope (3): "received", then the date and time in the box's language (Russian
    /// here, for a caller whose menu speaks English), from the language's word recordings.
    /// The owner hears the whole box in its language; the caller who left the message heard English.
    @Test func theEnvelopeIsSaidInTheBoxsLanguage() throws {
        let source = Self.menu.replacingOccurrences(of: "entry main", with: "languages en, ru\nentry main")
            .replacingOccurrences(of: "    owner 5", with: "    owner 5\n    language ru")
        let harness = try ScenarioHarness(menuSource: source, ports: 4, phones: 1)
        let folder = NSTemporaryDirectory() + "attendant-voicemail-\(UUID().uuidString)"
        let writer = harness.writer
        let recorder = Recorder(tap: harness.appliance.engine.recordingTap,
                                settings: RecorderSettings(directory: folder, minFreeBytes: 0), finished: { writer.submit($0) })
        harness.appliance.recorder = recorder
        harness.appliance.voicemail.pinCost = SecretHash.Cost(memoryKiB: 64, iterations: 1)
        harness.appliance.voicemail.timeZone = TimeZone(identifier: "UTC")!  // the message comes at 09:00 on 2026-01-01
        #expect(try harness.appliance.voicemail.setPIN("4711", box: "200") == nil)
        let outcome = try harness.run([
            """
            call 1 from 5551234
            expect welcome within 8
            press 1
            expect vm-beep within 20
            say sales
            expect hangup within 20
            """,
            """
            wait 35
            call 2 from 5550000
            expect welcome within 8
            press 2
            expect vm-enter-pin@ru within 5
            press 4711#
            expect sales within 15
            press 3
            expect vm-received@ru within 5
            expect digits/day-4@ru within 5       // четверг (Thursday)
            expect digits/h-1@ru within 5         // первое (the first)
            expect digits/mon-0@ru within 5       // января (of January), 2026
            expect digits/9@ru within 10          // 9 (o'clock)
            expect vm-message-options@ru within 10
            press #
            expect hangup within 10
            """,
        ], beforeFrame: { frame in if frame % 10 == 0 { recorder.pump() } })
        #expect(outcome.succeeded, "\(outcome.report)")
        recorder.stop()
    }

    /// The owner records the busy greeting by phone (0, then 2) by saying a recording;
    /// a caller who reaches the box busy hears that greeting, then the tone.
    @Test func theOwnerRecordsAGreetingByPhone() throws {
        let (harness, recorder, _) = try Self.harness()
        let outcome = try harness.run([
            """
            call 1 from 5550000
            expect welcome within 8
            press 2
            expect vm-enter-pin within 5
            press 4711#
            expect vm-no-more within 10
            press 0
            expect vm-greeting-options within 5
            press 2
            expect vm-record-busy within 5
            expect vm-beep within 15
            say support
            expect vm-saved within 10
            press #
            expect goodbye within 5
            expect hangup within 10
            """,
            """
            wait 50
            call 2 from 5551234
            expect welcome within 8
            press 4
            expect support within 10
            expect vm-beep within 10
            hangup
            """,
        ], beforeFrame: { frame in if frame % 10 == 0 { recorder.pump() } })
        #expect(outcome.succeeded, "\(outcome.report)")
        recorder.stop()
        harness.writer.flush()
        let greetings = try harness.database.voicemailGreetings()
        #expect(greetings.map(\.kind) == ["busy"] && greetings.allSatisfy { $0.box == "200" })
        #expect(greetings.allSatisfy { FileManager.default.fileExists(atPath: $0.path) })
    }
}
