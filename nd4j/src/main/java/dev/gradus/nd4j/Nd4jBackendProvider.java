package dev.gradus.nd4j;

import dev.gradus.autodiff.Backend;
import dev.gradus.autodiff.BackendProvider;

/** Makes {@link Nd4jBackend} selectable by name ({@code -Dgradus.backend=nd4j}, {@code Backends.byName("nd4j")}). */
public final class Nd4jBackendProvider implements BackendProvider {

    @Override
    public String name() {
        return "nd4j";
    }

    @Override
    public Backend backend() {
        return Nd4jBackend.INSTANCE;
    }
}
