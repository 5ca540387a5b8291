package dev.unmark.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.unmark.UnmarkException;
import dev.unmark.image.Image;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AtomicFilesTest {

    @TempDir
    Path dir;

    @Test
    void writesAndReplacesLeavingNoTempFiles() throws IOException {
        Path target = dir.resolve("out.txt");
        AtomicFiles.write(target, out -> out.write("one".getBytes(StandardCharsets.UTF_8)));
        AtomicFiles.write(target, out -> out.write("two".getBytes(StandardCharsets.UTF_8)));
        assertThat(Files.readString(target)).isEqualTo("two");
        assertThat(Fixtures.listNames(dir)).containsExactly("out.txt");
    }

    @Test
    void failingContentLeavesExistingTargetAndNoTempFile() throws IOException {
        Path target = Files.writeString(dir.resolve("keep.txt"), "original");
        assertThatThrownBy(() -> AtomicFiles.write(target, out -> {
            out.write(new byte[100_000]); // past the buffer, so a temp file really has content
            throw new IOException("disk on fire");
        })).isInstanceOf(UnmarkException.class).hasMessage(target + ": cannot write: disk on fire");
        assertThat(Files.readString(target)).isEqualTo("original");
        assertThat(Fixtures.listNames(dir)).containsExactly("keep.txt");
    }

    @Test
    void runtimeFailurePassesThroughAfterCleanUp() throws IOException {
        Path target = Files.writeString(dir.resolve("keep.txt"), "original");
        assertThatThrownBy(() -> AtomicFiles.write(target, out -> {
            out.write(1);
            throw new IllegalStateException("encoder bug");
        })).isInstanceOf(IllegalStateException.class);
        assertThat(Files.readString(target)).isEqualTo("original");
        assertThat(Fixtures.listNames(dir)).containsExactly("keep.txt");
    }

    @Test
    void failingImageEncoderLeavesExistingTargetUntouched() throws IOException {
        Path target = Files.writeString(dir.resolve("photo.webp"), "previous result");
        // WebP cannot be wider than 16383 pixels, so the encoder itself fails mid-write.
        Image tooWide = Image.blank(16_384, 1);
        assertThatThrownBy(() -> ImageFiles.write(target, tooWide, WriteOptions.defaults(ImageFormat.WEBP)))
                .isInstanceOf(UnmarkException.class)
                .hasMessageStartingWith(target + ": ")
                .message().doesNotContain("\n");
        assertThat(Files.readString(target)).isEqualTo("previous result");
        assertThat(Fixtures.listNames(dir)).containsExactly("photo.webp");
    }

    @Test
    void missingDirectoryIsReported() {
        Path target = dir.resolve("no/such/dir/out.png");
        assertThatThrownBy(() -> ImageFiles.write(target, Image.blank(2, 2), WriteOptions.defaults(ImageFormat.PNG)))
                .isInstanceOf(UnmarkException.class).hasMessageContaining("does not exist");
    }

    @Test
    void directoryTargetIsRefused() throws IOException {
        Path target = Files.createDirectory(dir.resolve("out.png"));
        assertThatThrownBy(() -> AtomicFiles.write(target, out -> out.write(1)))
                .isInstanceOf(UnmarkException.class).hasMessage(target + ": is a directory");
        assertThat(Files.isDirectory(target)).isTrue();
    }

    @Test
    void newFilesGetOrdinaryPermissionsNotTempFileOnes() throws IOException {
        if (!FileSystems.getDefault().supportedFileAttributeViews().contains("posix")) {
            return;
        }
        Path reference = Files.createFile(dir.resolve("reference"));
        Path target = dir.resolve("written");
        AtomicFiles.write(target, out -> out.write(1));
        assertThat(Files.getPosixFilePermissions(target)).isEqualTo(Files.getPosixFilePermissions(reference));
    }

    @Test
    void aReplacedFileKeepsItsPermissions() throws IOException {
        if (!FileSystems.getDefault().supportedFileAttributeViews().contains("posix")) {
            return;
        }
        Path target = Files.write(dir.resolve("private.jpg"), new byte[] {1});
        var ownerOnly = java.nio.file.attribute.PosixFilePermissions.fromString("rw-------");
        Files.setPosixFilePermissions(target, ownerOnly);
        AtomicFiles.write(target, out -> out.write(2));
        assertThat(Files.readAllBytes(target)).containsExactly(2);
        assertThat(Files.getPosixFilePermissions(target)).isEqualTo(ownerOnly);
    }
}
