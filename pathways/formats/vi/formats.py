# Vietnamese groups thousands with a dot (1.038); Django's vi formats leave grouping off.
NUMBER_GROUPING = 3
