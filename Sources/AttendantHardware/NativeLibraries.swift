import CALSA
import CGPIOD

/// Versions of the C libraries the hardware board is built on, for `attendant version`
/// and support reports.
public enum NativeLibraries {
    public static var alsaVersion: String { String(cString: snd_asoundlib_version()) }
    public static var gpiodVersion: String { String(cString: gpiod_version_string()) }
}
