// Site-wide behaviour for the study site; mounts on Material's document$.
