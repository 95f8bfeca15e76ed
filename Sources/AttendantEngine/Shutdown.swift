/// Ending calls for a shutdown: the appliance's side of "let calls in progress end
/// within a grace, then end the rest politely".
extension MediaEngine {
    func endForShutdown(_ channel: Channel, farewell: Bool) {
        switch channel.phase {
        case .ringing:
            end(channel, .notAnswered)
            return
        case .ignoring:
            end(channel, .ignored)
            return
        case .finishing where farewell:
            return  // already saying its last words
        case .callingOut, .accepting:
            failDial(channel, .withdrawn)  // a callback or follow-me offer not yet connected
            return
        default:
            break
        }
        // Office phones are put down by the people holding them; their callers are what ends.
        guard channel.isInCall, let program = channel.program else { return }
        let clip = farewell ? program.farewellClip(language: channel.language) : -1
        guard clip >= 0 else {
            end(channel, .shutDown)
            return
        }
        // Finishing before leaving the bridge: a party left alone goes back to its menu,
        // and this call must not be taken for one.
        let phase = channel.phase
        channel.phase = .finishing
        channel.finishReason = .shutDown
        channel.keyDeadline = 0
        if phase == .bridged { leaveBridge(channel) }
        if phase == .transferring || phase == .queued { withdrawOffers(of: channel) }
        if phase == .held {
            for index in 0..<channels.count where channels[index].heldParty == channel.port { channels[index].heldParty = -1 }
        }
        channel.stopPlayback()
        channel.enqueue(clip: clip)
    }
}

extension ExecutableProgram {
    /// The clip of `goodbye` in `language`, or -1 when the program never plays it.
    func farewellClip(language: Int32) -> Int32 {
        farewellPrompt < 0 ? -1 : promptClips[language * promptCount + farewellPrompt]
    }
}
