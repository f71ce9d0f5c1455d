"""Write data/flower.csv from its generator (run once; the file is committed).

    python tools/make_data.py

data/digits.csv.gz is copied byte for byte from scikit-learn's wheel; see data/README.md.
"""

from pathlib import Path

import numpy as np

from helpers.data import make_flower

DATA = Path(__file__).resolve().parents[1] / "data"


def main():
    """Generate the flower and write it as CSV with columns x1, x2, y."""
    X, Y = make_flower()
    rows = np.c_[X.T, Y.T]  # (400, 3)
    np.savetxt(DATA / "flower.csv", rows, delimiter=",", header="x1,x2,y", comments="", fmt="%.17g")
    print(f"wrote {DATA / 'flower.csv'}: {rows.shape[0]} rows")


if __name__ == "__main__":
    main()
