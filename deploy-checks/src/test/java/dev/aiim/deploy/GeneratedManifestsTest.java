package dev.aiim.deploy;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The generated files in deploy/kubernetes hold what the builds and the local realm make now (the same
 * resources and header; the generator does not keep the order of keys from one build to the next). With
 * {@code -Daiim.manifests.write=true} (deploy/kubernetes/generate) it writes them instead.
 */
class GeneratedManifestsTest {

    @Test
    void the_generated_manifests_are_up_to_date() throws IOException {
        boolean write = Boolean.getBoolean("aiim.manifests.write");
        List<String> stale = new ArrayList<>();
        for (Map.Entry<Path, String> file : ManifestSources.expected().entrySet()) {
            Path path = file.getKey();
            String current = Files.exists(path) ? Files.readString(path) : null;
            if (current != null && ManifestSources.sameResources(file.getValue(), current)) {
                continue;
            }
            if (write) {
                Files.createDirectories(path.getParent());
                Files.writeString(path, file.getValue());
            } else {
                stale.add(ManifestSources.ROOT.relativize(path).toString());
            }
        }
        assertThat(stale).as("out of date; run deploy/kubernetes/generate and commit the result").isEmpty();
    }
}
