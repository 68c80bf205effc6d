#!/usr/bin/env python3
"""Writes the PyTorch-parity fixtures under src/test/resources/fixtures/.

Run from the repository root with Debian's PyTorch (python3-torch 1.13):

    /usr/bin/python3 src/test/python/make_fixtures.py

The output is deterministic (fixed seeds, one thread) and committed; the Java tests in
src/test/java/io/github/panagrad/parity/ only read it, so building and testing never needs
PyTorch. Rerun this script only when a model or an optimizer case changes here.

Each model writes one file <model>.fixture, and index.txt lists the files. Format, one
entry after another:

    # comment                         ignored
    text <name> <words...>            a string value
    float32 <name> <d0> <d1> ...      a float32 array of that shape (no dims: a scalar),
    <hex><hex>...                     then its elements in row-major order, each as the
                                      8 hex digits of its IEEE-754 bits, 16 to a line

Per model: its layer list, the input, targets, initial weights and biases, the forward
output, the loss, every parameter gradient after loss.backward() and the input gradient.
Per optimizer case: its hyper-parameters, the loss before each step and the parameters
after each step (for the largest model after one step only, to keep files small; see
recorded_steps; the per-step losses still see every intermediate state). Hyper-parameters are
float32-representable so both libraries start from the same numbers.
"""

import os
import sys

import torch
import torch.nn.functional as F

STEPS = 3
OUT_DIR = os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', 'resources', 'fixtures')


def f32(x):
    """The nearest float32 to x, as a Python float (so torch and Java see one value)."""
    return torch.tensor(x, dtype=torch.float32).item()


# (name, layer widths, final ReLU, batch, seed, input sampler, per-step parameters)
MODELS = [
    # The seed pipeline: 1000x3 input -> Linear(3,1) -> ReLU -> MSE.
    ('seed_3_1_relu_b1000', [3, 1], True, 1000, 11, 'uniform4', True),
    ('mlp_3_8_1_b1000', [3, 8, 1], False, 1000, 12, 'uniform4', True),
    ('mlp_5_16_16_3_b7', [5, 16, 16, 3], False, 7, 13, 'normal', True),
    ('mlp_4_6_2_b1', [4, 6, 2], False, 1, 14, 'normal', True),
    ('mlp_784_32_10_b13', [784, 32, 10], False, 13, 15, 'pixels', False),
]

# (case name, kind, hyper-parameters)
OPTIMIZERS = [
    ('sgd_momentum', 'sgd', dict(lr=f32(0.01), momentum=f32(0.9), dampening=0.0, weight_decay=0.0, nesterov=False)),
    ('sgd_dampening_wd', 'sgd', dict(lr=f32(0.01), momentum=f32(0.9), dampening=f32(0.1), weight_decay=f32(0.01),
                                     nesterov=False)),
    ('sgd_nesterov', 'sgd', dict(lr=f32(0.01), momentum=f32(0.9), dampening=0.0, weight_decay=0.0, nesterov=True)),
    ('adam', 'adam', dict(lr=f32(0.001), beta1=f32(0.9), beta2=f32(0.999), eps=f32(1e-8), weight_decay=0.0)),
    ('adam_wd', 'adam', dict(lr=f32(0.001), beta1=f32(0.9), beta2=f32(0.999), eps=f32(1e-8), weight_decay=f32(0.01))),
]


def build(widths, final_relu):
    layers = []
    for i in range(len(widths) - 1):
        layers.append(torch.nn.Linear(widths[i], widths[i + 1]))
        if i < len(widths) - 2 or final_relu:
            layers.append(torch.nn.ReLU())
    return torch.nn.Sequential(*layers)


def layer_spec(model):
    words = []
    for layer in model:
        if isinstance(layer, torch.nn.Linear):
            words.append('linear:%d:%d' % (layer.in_features, layer.out_features))
        else:
            words.append('relu')
    return ' '.join(words)


def linears(model):
    return [layer for layer in model if isinstance(layer, torch.nn.Linear)]


def sample_input(kind, batch, width):
    if kind == 'uniform4':  # the seed pipeline's measurements, e.g. [0.5, 1.2, 3.3]
        return torch.rand(batch, width) * 4
    if kind == 'pixels':  # MNIST-like intensities k/255
        return torch.randint(0, 256, (batch, width)).float() / 255
    return torch.randn(batch, width)


def sample_target(x, out_width):
    """A smooth function of the input plus noise, so the loss is neither 0 nor huge."""
    mix = torch.randn(x.shape[1], out_width) / x.shape[1] ** 0.5
    return torch.tanh(x @ mix) + 0.1 * torch.randn(x.shape[0], out_width)


class Writer:
    def __init__(self):
        self.lines = []

    def comment(self, text):
        self.lines.append('# ' + text)

    def text(self, name, value):
        self.lines.append('text %s %s' % (name, value))

    def floats(self, name, tensor):
        t = tensor.detach().to(torch.float32).contiguous()
        self.lines.append(' '.join(['float32', name] + [str(d) for d in t.shape]))
        bits = t.reshape(-1).view(torch.int32).tolist()
        words = ['%08x' % (b & 0xffffffff) for b in bits]
        for i in range(0, len(words), 16):
            self.lines.append(''.join(words[i:i + 16]))

    def scalar(self, name, value):
        self.floats(name, torch.tensor(value, dtype=torch.float32))

    def params(self, prefix, model):
        for i, layer in enumerate(linears(model)):
            self.floats('%slinear%d.weight' % (prefix, i), layer.weight)
            self.floats('%slinear%d.bias' % (prefix, i), layer.bias)


def make_optimizer(kind, params, hp):
    if kind == 'sgd':
        return torch.optim.SGD(params, lr=hp['lr'], momentum=hp['momentum'], dampening=hp['dampening'],
                               weight_decay=hp['weight_decay'], nesterov=hp['nesterov'], foreach=False)
    return torch.optim.Adam(params, lr=hp['lr'], betas=(hp['beta1'], hp['beta2']), eps=hp['eps'],
                            weight_decay=hp['weight_decay'], amsgrad=False, foreach=False)


def recorded_steps(every_step, kind):
    """The steps after which a case's parameters are written.

    Small models: every step. The 784-wide model, to stay within the size budget, one step
    per case: the last for SGD; the first for Adam, because a rigorous bound on Adam's later
    steps is loose there (see docs/numerics.md, PyTorch parity) while its first is tight.
    """
    if every_step:
        return list(range(1, STEPS + 1))
    return [1] if kind == 'adam' else [STEPS]


def fixture(name, widths, final_relu, batch, seed, input_kind, every_step):
    torch.manual_seed(seed)
    model = build(widths, final_relu)
    x = sample_input(input_kind, batch, widths[0])
    y = sample_target(x, widths[-1])
    initial = {k: v.clone() for k, v in model.state_dict().items()}

    w = Writer()
    w.comment('PyTorch parity fixture %s: written by src/test/python/make_fixtures.py, do not edit.' % name)
    w.comment('torch %s, float32, %d thread, seed %d.' % (torch.__version__, torch.get_num_threads(), seed))
    w.text('model', layer_spec(model))
    w.floats('input', x)
    w.floats('target', y)
    w.params('', model)

    xg = x.clone().requires_grad_(True)
    out = model(xg)
    loss = F.mse_loss(out, y)
    loss.backward()
    w.floats('output', out)
    w.floats('loss', loss)
    for i, layer in enumerate(linears(model)):
        w.floats('grad.linear%d.weight' % i, layer.weight.grad)
        w.floats('grad.linear%d.bias' % i, layer.bias.grad)
    w.floats('grad.input', xg.grad)
    active = (out > 0).float().mean().item() if final_relu else None

    w.text('optimizers', ' '.join(case for case, _, _ in OPTIMIZERS))
    w.text('steps', str(STEPS))
    for case, kind, hp in OPTIMIZERS:
        model.load_state_dict(initial)
        model.zero_grad(set_to_none=True)
        opt = make_optimizer(kind, model.parameters(), hp)
        recorded = recorded_steps(every_step, kind)
        w.text('opt.%s.kind' % case, kind)
        w.text('opt.%s.recorded' % case, ' '.join(str(s) for s in recorded))
        for key, value in hp.items():
            if isinstance(value, bool):
                w.text('opt.%s.%s' % (case, key), 'true' if value else 'false')
            else:
                w.scalar('opt.%s.%s' % (case, key), value)
        losses = []
        for step in range(1, STEPS + 1):
            opt.zero_grad(set_to_none=True)
            step_loss = F.mse_loss(model(x), y)
            step_loss.backward()
            opt.step()
            losses.append(step_loss.item())
            if step in recorded:
                w.params('opt.%s.step%d.' % (case, step), model)
        w.floats('opt.%s.loss' % case, torch.tensor(losses, dtype=torch.float32))
    return w.lines, active


def main():
    torch.set_num_threads(1)
    os.makedirs(OUT_DIR, exist_ok=True)
    names = []
    for spec in MODELS:
        lines, active = fixture(*spec)
        file_name = spec[0] + '.fixture'
        with open(os.path.join(OUT_DIR, file_name), 'w', encoding='ascii', newline='\n') as out:
            out.write('\n'.join(lines) + '\n')
        names.append(file_name)
        size = os.path.getsize(os.path.join(OUT_DIR, file_name))
        note = '' if active is None else ', %.0f%% of outputs active' % (100 * active)
        print('%-28s %9d bytes%s' % (file_name, size, note))
    with open(os.path.join(OUT_DIR, 'index.txt'), 'w', encoding='ascii', newline='\n') as out:
        out.write('# PyTorch parity fixtures, one file a line: written by src/test/python/make_fixtures.py\n')
        out.write('\n'.join(names) + '\n')
    return 0


if __name__ == '__main__':
    sys.exit(main())
