"""The bench's in-process peer: times one peer script's core computation on inputs loaded once.

    /usr/bin/python3 serve.py SCRIPT ARGS...     (SCRIPT: a module of this folder, e.g. find_stars)

Every peer script here has load(args) -> inputs, compute(*inputs) -> result and save(result, args); run
as a program it does all three once (the whole-process comparison). This server loads the inputs,
prints "ready", then answers every "run" line on stdin with the seconds one compute() took (the
first answer is the first call after the imports and the input reading), until "quit" or end of input.
The thread count is the environment's (OMP_NUM_THREADS etc., set by the bench).

    /usr/bin/python3 serve.py --versions         Python's and the peer libraries' versions
"""
import importlib
import os
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))


def versions():
    out = ['Python ' + sys.version.split()[0]]
    for name in ('numpy', 'scipy', 'astropy', 'sep', 'astroscrappy', 'ccdproc', 'photutils', 'skimage', 'astroalign'):
        try:
            mod = importlib.import_module(name)
            out.append(f'{name} {getattr(mod, "__version__", "?")}')
        except ImportError:
            out.append(f'{name} not installed')
    return ', '.join(out)


def main(argv):
    if argv[:1] == ['--versions']:
        print(versions())
        return 0
    script = importlib.import_module(argv[0])
    inputs = script.load(argv[1:])
    print('ready', flush=True)
    for line in sys.stdin:
        if line.strip() != 'run':
            break
        t0 = time.perf_counter()
        script.compute(*inputs)
        print(f'{time.perf_counter() - t0:.6f}', flush=True)
    return 0


if __name__ == '__main__':
    sys.exit(main(sys.argv[1:]))
