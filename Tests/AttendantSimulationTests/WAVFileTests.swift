import AttendantDSP
import AttendantPrompts
import Testing

@Suite struct WAVFileTests {
    @Test func pcmRoundTrips() throws {
        let samples: [Int16] = [0, 1, -1, 32767, -32768, 1234, -4321]
        #expect(try WAVFile.decode(WAVFile.encodePCM16(samples)) == samples)
    }

    @Test(arguments: [(CompandingLaw.aLaw, 6), (.muLaw, 7)])
    func g711FilesDecode(law: CompandingLaw, tag: Int) throws {
        let samples: [Int16] = [0, 1000, -1000, 20000, -20000]
        var bytes = WAVFile.encodePCM16([])
        bytes[20] = UInt8(tag)                      // format tag
        bytes[28...31] = [0x40, 0x1F, 0, 0]         // byte rate 8000
        bytes[32] = 1; bytes[34] = 8                // block align, bits
        let codes = samples.map(law.encode)
        bytes[40...43] = [UInt8(codes.count), 0, 0, 0]
        bytes += codes
        #expect(try WAVFile.decode(bytes) == samples.map { law.decode(law.encode($0)) })
    }

    @Test func skipsUnknownChunksWithOddPadding() throws {
        var bytes = WAVFile.encodePCM16([7, 8, 9])
        let list: [UInt8] = Array("LIST".utf8) + [3, 0, 0, 0, 1, 2, 3, 0]  // odd size, padded
        bytes.insert(contentsOf: list, at: 36)
        #expect(try WAVFile.decode(bytes) == [7, 8, 9])
    }

    @Test func refusesWhatItCannotPlay() {
        #expect(throws: WAVDecodingError.notRIFF) { try WAVFile.decode(Array("hello".utf8)) }
        var stereo = WAVFile.encodePCM16([1, 2])
        stereo[22] = 2
        #expect(throws: WAVDecodingError.unsupportedChannels(2)) { try WAVFile.decode(stereo) }
        var wideband = WAVFile.encodePCM16([1, 2])
        wideband[24...27] = [0x80, 0x3E, 0, 0]  // 16000 Hz
        #expect(throws: WAVDecodingError.unsupportedSampleRate(16000)) { try WAVFile.decode(wideband) }
        let noData = Array(WAVFile.encodePCM16([]).prefix(36))
        #expect(throws: WAVDecodingError.missingChunk("data")) { try WAVFile.decode(noData) }
    }

    @Test func readsTheInstalledRecordings() throws {
        let samples = try WAVFile.read(path: "/usr/share/asterisk/sounds/en/hello-world.wav")
        #expect(abs(samples.count - 11234) < 400, "about 1.4 s at 8 kHz")
        #expect(samples.contains { abs(Int($0)) > 1000 })
    }
}
