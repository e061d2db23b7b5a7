package dev.gradus.implicit.internal;

import dev.gradus.autodiff.Params;
import dev.gradus.autodiff.Tensor;

/** Splits a hyperparameter value (Tensor or Params) into tensors and rebuilds it. */
public interface ThetaCodec<T> {
    Tensor[] split(T theta);

    T join(Tensor[] parts, T like);

    ThetaCodec<Tensor> TENSOR = new ThetaCodec<>() {
        public Tensor[] split(Tensor theta) {
            return new Tensor[] {theta};
        }

        public Tensor join(Tensor[] parts, Tensor like) {
            return parts[0];
        }
    };

    ThetaCodec<Params> PARAMS = new ThetaCodec<>() {
        public Tensor[] split(Params theta) {
            return theta.values().toArray(new Tensor[0]);
        }

        public Params join(Tensor[] parts, Params like) {
            return like.withValues(parts);
        }
    };
}
